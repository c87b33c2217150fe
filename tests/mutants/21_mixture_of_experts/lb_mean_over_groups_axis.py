"""Averaged f and P over axis 0 (the groups) instead of axis 1 (the tokens): unseen for G == S... or one group."""
LOSES = ["load_balancing_loss"]
MESSAGE = "averaged over the groups (axis 0)"


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    n = p.shape[-1]
    f = (np.asarray(expert_index)[..., None] == np.arange(n)).mean(axis=0)
    P = p.mean(axis=0)
    return float(alpha * n * (f * P).sum(-1).mean())
