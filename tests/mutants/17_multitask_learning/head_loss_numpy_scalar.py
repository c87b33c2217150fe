"""Returned the NumPy scalar that .mean() gives instead of the Python float the docstring promises."""
LOSES = ["task_head_loss"]
MESSAGE = "the docstring promises a Python float"


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    out = hidden @ head["W"] + head["b"]
    if task_type == "classification":
        z = out - out.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        return -log_p[np.arange(len(target)), target].mean()
    if task_type == "regression":
        return np.mean((out[:, 0] - target) ** 2)
    r = gamma * out[..., 0]
    r = r - r.max(axis=-1, keepdims=True)
    return -(r[:, 0] - np.log(np.exp(r).sum(axis=-1))).mean()
