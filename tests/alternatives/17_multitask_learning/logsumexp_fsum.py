"""Cross-entropy as logsumexp(z) - z_y written with np.logaddexp.reduce; per-task losses totalled with math.fsum;
probabilities from exp(log n / T - logsumexp)."""
import math


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes, dtype=np.float64)
    with np.errstate(divide="ignore"):
        a = np.log(n) / T
    return np.exp(a - np.logaddexp.reduce(a))


def sample_task_schedule(sizes, T, uniforms):
    p = task_sampling_probs(sizes, T)
    F = np.cumsum(p) / np.sum(p)
    F[-1] = 1.0
    u = np.asarray(uniforms, dtype=np.float64)
    return np.searchsorted(F, u, side="right").astype(np.int64)


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    H = np.asarray(hidden, dtype=np.float64)
    W = np.asarray(head["W"], dtype=np.float64)
    b = np.asarray(head["b"], dtype=np.float64)
    out = np.tensordot(H, W, axes=([-1], [0])) + b
    if task_type == "classification":
        y = np.asarray(target, dtype=np.int64)
        lse = np.logaddexp.reduce(out, axis=-1)
        return float(np.mean(lse - out[np.arange(out.shape[0]), y]))
    if task_type == "regression":
        return float(np.mean(np.square(np.squeeze(out, axis=-1) - np.asarray(target, dtype=np.float64))))
    r = gamma * np.squeeze(out, axis=-1)
    return float(np.mean(np.logaddexp.reduce(r, axis=-1) - r[:, 0]))


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {name: task_head_loss(hiddens[name], heads[name], task_types[name], targets.get(name), gamma=gamma)
                for name in hiddens}
    weights = {} if weights is None else weights
    return {"loss": math.fsum(weights.get(name, 1.0) * loss for name, loss in per_task.items()),
            "per_task": per_task}
