"""Returned a NumPy float64 scalar instead of a Python float."""
LOSES = ["load_balancing_loss"]
MESSAGE = "must be a Python float"


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    n = p.shape[-1]
    f = (np.asarray(expert_index)[..., None] == np.arange(n)).mean(axis=1)
    P = p.mean(axis=1)
    return alpha * n * (f * P).sum(-1).mean()
