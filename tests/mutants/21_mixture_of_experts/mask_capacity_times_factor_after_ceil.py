"""Computed capacity as ceil(S / N) * capacity_factor rounded: int(math.ceil(S / N) * capacity_factor)."""
LOSES = ["dispatch_mask"]
MESSAGE = "expected ceil("


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index, dtype=np.int64)
    capacity = max(1, int(math.ceil(math.ceil(idx.shape[-1] / num_experts) * capacity_factor)))
    one_hot = (idx[..., None] == np.arange(num_experts)).astype(np.float64)
    mask = one_hot * (np.cumsum(one_hot, axis=-2) <= capacity)
    return mask, capacity
