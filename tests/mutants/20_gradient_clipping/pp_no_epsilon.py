"""Per-parameter coefficient max_norm / norm_i without torch's + 1e-6 (zero arrays guarded)."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "with torch's 1e-6 in the denominator"

import numpy as np


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    p = float(norm_type)
    norms = np.array([np.linalg.norm(np.asarray(g, dtype=np.float64).ravel(), ord=p) for g in grads], dtype=np.float64)
    coefs = np.minimum(max_norm / np.maximum(norms, 1e-300), 1.0)
    return [np.asarray(g, dtype=np.float64) * c for g, c in zip(grads, coefs)], norms
