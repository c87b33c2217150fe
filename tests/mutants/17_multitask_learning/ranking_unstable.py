"""Computed the ranking softmax as exp(r) / sum(exp(r)) without subtracting the maximum: large scores overflow."""
LOSES = ["task_head_loss"]
MESSAGE = "contains nan or inf"


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    out = np.asarray(hidden, dtype=np.float64) @ head["W"] + head["b"]
    if task_type == "classification":
        z = out - out.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        return float(-log_p[np.arange(len(target)), np.asarray(target)].mean())
    if task_type == "regression":
        return float(np.mean((out[:, 0] - target) ** 2))
    e = np.exp(gamma * out[..., 0])
    return float(-np.log(e[:, 0] / e.sum(axis=-1)).mean())
