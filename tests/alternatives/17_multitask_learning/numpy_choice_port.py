"""As numpy's Generator.choice does it (cdf = p.cumsum(); cdf /= cdf[-1]); probabilities by a shifted exponent n_i **
(1/T) = exp((log n_i - log n_max) / T)."""


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes, dtype=np.float64)
    positive = n > 0
    p = np.zeros(n.shape, dtype=np.float64)
    logn = np.log(n[positive])
    w = np.exp((logn - logn.max()) / T)
    p[positive] = w / w.sum()
    return p


def sample_task_schedule(sizes, T, uniforms):
    p = task_sampling_probs(sizes, T)
    cdf = p.cumsum()
    cdf /= cdf[-1]
    u = np.asarray(uniforms, dtype=np.float64)
    idx = cdf.searchsorted(u.ravel(), side="right")
    return np.asarray(idx, dtype=np.int64).reshape(u.shape)


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    H = np.asarray(hidden, dtype=np.float64)
    W = np.asarray(head["W"], dtype=np.float64)
    b = np.asarray(head["b"], dtype=np.float64)
    if task_type == "ranking":
        B, K, d = H.shape
        scores = (H.reshape(B * K, d) @ W + b).reshape(B, K) * gamma
        # torch.nn.functional.cross_entropy(scores, zeros): log-sum-exp minus the positive's score
        top = scores.max(axis=1, keepdims=True)
        nll = np.log(np.exp(scores - top).sum(axis=1)) - (scores[:, 0] - top[:, 0])
        return float(nll.sum() / B)
    Z = H @ W + b
    if task_type == "regression":
        return float(np.sum((Z[:, 0] - np.asarray(target, dtype=np.float64)) ** 2) / Z.shape[0])
    y = np.asarray(target, dtype=np.int64)
    top = Z.max(axis=1, keepdims=True)
    nll = np.log(np.exp(Z - top).sum(axis=1)) - (Z[np.arange(len(y)), y] - top[:, 0])
    return float(nll.sum() / Z.shape[0])


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {}
    for name in hiddens:
        target = targets[name] if name in targets else None
        per_task[name] = task_head_loss(hiddens[name], heads[name], task_types[name], target, gamma)
    names = list(per_task)
    w = np.array([1.0 if weights is None else weights[name] for name in names], dtype=np.float64)
    losses = np.array([per_task[name] for name in names], dtype=np.float64)
    return {"loss": float(np.dot(w, losses)) if names else 0.0, "per_task": per_task}
