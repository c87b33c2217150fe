"""Short-cut K = 1 (one candidate) with `return 0`: an int, not the Python float 0.0."""
LOSES = ["task_head_loss"]
MESSAGE = "not the int 0"


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    out = np.asarray(hidden, dtype=np.float64) @ head["W"] + head["b"]
    if task_type == "classification":
        z = out - out.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        return float(-log_p[np.arange(len(target)), np.asarray(target)].mean())
    if task_type == "regression":
        return float(np.mean((out[:, 0] - np.asarray(target, dtype=np.float64)) ** 2))
    if out.shape[1] == 1:
        return 0
    r = gamma * out[..., 0]
    r = r - r.max(axis=-1, keepdims=True)
    log_p = r - np.log(np.exp(r).sum(axis=-1, keepdims=True))
    return float(-log_p[:, 0].mean())
