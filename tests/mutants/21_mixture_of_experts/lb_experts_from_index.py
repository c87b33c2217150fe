"""Took the number of experts as expert_index.max() + 1: wrong whenever the last experts are never chosen."""
LOSES = ["load_balancing_loss"]
MESSAGE = "N is the number of experts, router_probs.shape[-1]"


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    n = int(expert_index.max()) + 1
    one_hot = (expert_index[..., None] == np.arange(router_probs.shape[-1])).astype(np.float64)
    f = one_hot.mean(axis=-2)
    P = router_probs.mean(axis=-2)
    return float(alpha * n * np.mean((f * P).sum(axis=-1)))
