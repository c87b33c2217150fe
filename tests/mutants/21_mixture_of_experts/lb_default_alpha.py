"""Gave alpha the default 0.001 instead of the docstring's 0.01."""
LOSES = ["load_balancing_loss"]
MESSAGE = "with the default alpha is wrong"


def load_balancing_loss(router_probs, expert_index, alpha=0.001):
    p = np.asarray(router_probs, dtype=np.float64)
    n = p.shape[-1]
    f = (np.asarray(expert_index)[..., None] == np.arange(n)).mean(axis=1)
    P = p.mean(axis=1)
    return float(alpha * n * (f * P).sum(-1).mean())
