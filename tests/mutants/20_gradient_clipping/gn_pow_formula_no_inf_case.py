"""The global norm as (sum |g| ** p) ** (1/p) for every p, with no case of its own for p = inf (gives 1)."""
LOSES = ["global_grad_norm"]
MESSAGE = "gives inf ** 0 = 1"

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    p = float(norm_type)
    total = sum(float(np.sum(np.abs(np.asarray(g, dtype=np.float64)) ** p)) for g in grads)
    return float(total ** (1.0 / p))
