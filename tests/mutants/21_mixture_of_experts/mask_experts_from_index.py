"""Ignored num_experts for the mask: its last axis has expert_index.max() + 1 columns (too few when the last experts are unused)."""
LOSES = ["dispatch_mask"]
MESSAGE = "mask has shape (4, 9, 2), expected (4, 9, 3)"


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index, dtype=np.int64)
    capacity = max(1, int(math.ceil(idx.shape[-1] / num_experts * capacity_factor)))
    n = int(idx.max()) + 1 if idx.size else num_experts
    one_hot = (idx[..., None] == np.arange(n)).astype(np.float64)
    mask = one_hot * (np.cumsum(one_hot, axis=-2) <= capacity)
    return mask, capacity
