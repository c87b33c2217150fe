"""Squeezed the ranking scores (B, K, 1) with .squeeze(): with K = 1 they become (B,) and the softmax runs over the batch."""
LOSES = ["task_head_loss"]
MESSAGE = "the scores were squeezed to shape (B,)"


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    out = np.asarray(hidden, dtype=np.float64) @ head["W"] + head["b"]
    if task_type == "classification":
        z = out - out.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        return float(-log_p[np.arange(len(target)), np.asarray(target)].mean())
    if task_type == "regression":
        return float(np.mean((out[:, 0] - np.asarray(target, dtype=np.float64)) ** 2))
    r = gamma * out.squeeze()
    r = r - r.max(axis=-1, keepdims=True)
    log_p = r - np.log(np.exp(r).sum(axis=-1, keepdims=True))
    return float(-np.mean(log_p[..., 0]))
