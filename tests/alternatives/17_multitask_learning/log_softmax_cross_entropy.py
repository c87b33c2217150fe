"""One log-softmax helper for all heads: ranking is cross-entropy with target class 0 (as MT-DNN's RankCeCriterion);
log-space probabilities."""


def _log_softmax(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes).astype(np.float64)
    with np.errstate(divide="ignore"):
        logits = np.log(n) / T
    return np.exp(_log_softmax(logits))


def sample_task_schedule(sizes, T, uniforms):
    F = np.cumsum(task_sampling_probs(sizes, T))
    F = F / F[-1]
    u = np.asarray(uniforms, dtype=np.float64)
    # number of F_i <= u_s, counted with a comparison matrix (S, K)
    return np.sum(F[None, :] <= u[:, None], axis=1, dtype=np.int64).reshape(u.shape)


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    out = np.asarray(hidden, dtype=np.float64) @ np.asarray(head["W"], dtype=np.float64) + head["b"]
    if task_type == "regression":
        diff = out[:, 0] - np.asarray(target, dtype=np.float64)
        return float(diff @ diff / diff.shape[0])
    if task_type == "classification":
        logp = _log_softmax(out)
        labels = np.asarray(target, dtype=np.int64)
        return float(-logp[np.arange(logp.shape[0]), labels].mean())
    logp = _log_softmax(gamma * out[..., 0])          # softmax over the K candidates of each query
    return float(-logp[:, 0].mean())


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    names = list(hiddens.keys())
    per_task = {name: task_head_loss(hiddens[name], heads[name], task_types[name], targets[name], gamma)
                for name in names}
    w = {name: 1.0 for name in names} if weights is None else weights
    loss = 0.0
    for name in names:
        loss = loss + w[name] * per_task[name]
    return {"loss": float(loss), "per_task": per_task}
