"""Took the tokens per group as expert_index.shape[0] (the group axis) instead of shape[-1]: unseen when G == S."""
LOSES = ["dispatch_mask"]
MESSAGE = "expected ceil("


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index, dtype=np.int64)
    capacity = max(1, int(math.ceil(idx.shape[0] / num_experts * capacity_factor)))
    one_hot = (idx[..., None] == np.arange(num_experts)).astype(np.float64)
    mask = one_hot * (np.cumsum(one_hot, axis=-2) <= capacity)
    return mask, capacity
