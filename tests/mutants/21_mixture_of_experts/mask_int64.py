"""Returned the mask as int64 (0/1 integers) instead of float64."""
LOSES = ["dispatch_mask"]
MESSAGE = "the mask has dtype int64: the docstring promises float64 (0.0 / 1.0"


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index, dtype=np.int64)
    capacity = max(1, int(math.ceil(idx.shape[-1] / num_experts * capacity_factor)))
    one_hot = (idx[..., None] == np.arange(num_experts)).astype(np.int64)
    mask = one_hot * (np.cumsum(one_hot, axis=-2) <= capacity)
    return mask, capacity
