"""Per-parameter norms returned as a Python list of floats, not a float64 array."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "expected ([], an empty float64 array)"

import numpy as np


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    p = float(norm_type)
    norms = [float(np.linalg.norm(np.asarray(g, dtype=np.float64).ravel(), ord=p)) for g in grads]
    return [np.asarray(g, dtype=np.float64) * min(max_norm / (n + 1e-6), 1.0) for g, n in zip(grads, norms)], norms
