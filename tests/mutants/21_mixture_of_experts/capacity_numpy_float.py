"""Returned the capacity straight from np.ceil, a NumPy float64 scalar (2.0), instead of a Python int."""
import numpy as np
LOSES = ["dispatch_mask"]
MESSAGE = "returned the capacity as a NumPy scalar (numpy.float64): the docstring promises a Python int"


def dispatch_mask(expert_index, num_experts, capacity_factor):
    e = np.asarray(expert_index)
    G, S = e.shape
    cap = np.maximum(1.0, np.ceil(S / num_experts * capacity_factor))
    onehot = (e[..., None] == np.arange(num_experts)).astype(np.float64)
    pos = np.cumsum(onehot, axis=1)
    return onehot * (pos <= cap), cap
