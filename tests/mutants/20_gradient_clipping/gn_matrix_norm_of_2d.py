"""np.linalg.norm(g, ord=p) without ravel: a 2-D gradient gets a matrix norm (its largest singular value for p = 2)."""
LOSES = ["global_grad_norm"]
MESSAGE = "is a matrix norm"

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    p = float(norm_type)
    if len(grads) == 0:
        return 0.0
    norms = [np.linalg.norm(np.asarray(g, dtype=np.float64), ord=p) if np.ndim(g) == 2
             else np.linalg.norm(np.asarray(g, dtype=np.float64).ravel(), ord=p) for g in grads]
    return float(np.linalg.norm(norms, ord=p))
