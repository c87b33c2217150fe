"""clip_grad_norm always computes the 2-norm: norm_type is not passed on to global_grad_norm."""
LOSES = ["clip_grad_norm"]
MESSAGE = "the coefficient uses the 2-norm"

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads)
    coef = min(max_norm / (total + 1e-6), 1.0)
    return [np.asarray(g, dtype=np.float64) * coef for g in grads], total
