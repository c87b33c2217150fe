"""Per-parameter: an array is scaled only when its norm > max_norm, so one exactly at max_norm is left as it is."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "no `if norm > max_norm`"

import numpy as np


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    p = float(norm_type)
    norms = np.array([np.linalg.norm(np.asarray(g, dtype=np.float64).ravel(), ord=p) for g in grads], dtype=np.float64)
    clipped = []
    for g, n in zip(grads, norms):
        g = np.asarray(g, dtype=np.float64)
        clipped.append(g * (max_norm / (n + 1e-6)) if n > max_norm else g.copy())
    return clipped, norms
