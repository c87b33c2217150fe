"""Returned the boolean comparison as the mask and np.ceil's float as the capacity."""
LOSES = ["dispatch_mask"]
MESSAGE = "the docstring promises a Python int"


def dispatch_mask(expert_index, num_experts, capacity_factor):
    S = expert_index.shape[-1]
    capacity = np.ceil(S / num_experts * capacity_factor)
    one_hot = expert_index[..., None] == np.arange(num_experts)
    return one_hot & (np.cumsum(one_hot, axis=-2) <= capacity), capacity
