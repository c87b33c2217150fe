"""inf-norm as max over per-array np.abs(g).max(): an empty gradient array (size 0) raises ValueError."""
LOSES = ["global_grad_norm"]
MESSAGE = "an empty array has no maximum of its own"

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if len(grads) == 0:
        return 0.0
    if norm_type == np.inf:
        return float(max(np.abs(np.asarray(g, dtype=np.float64)).max() for g in grads))
    return float(sum((np.abs(np.asarray(g, dtype=np.float64)) ** norm_type).sum() for g in grads) ** (1.0 / norm_type))
