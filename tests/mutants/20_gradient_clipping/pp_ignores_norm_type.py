"""Per-parameter clipping always uses the 2-norm (np.linalg.norm(g.ravel())) and ignores norm_type."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "use norm_type"

import numpy as np


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    gs = [np.array(g, dtype=np.float64) for g in grads]
    norms = np.array([np.linalg.norm(g.ravel()) for g in gs], dtype=np.float64)
    clipped = [g * min(max_norm / (n + 1e-6), 1.0) for g, n in zip(gs, norms)]
    return clipped, norms
