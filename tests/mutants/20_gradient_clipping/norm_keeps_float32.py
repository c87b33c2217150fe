"""clip_grad_norm multiplies the arrays as given: float32 gradients come back float32 (not float64)."""
LOSES = ["clip_grad_norm"]
MESSAGE = "the docstring promises float64"

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    return [np.asarray(g) * coef for g in grads], total
