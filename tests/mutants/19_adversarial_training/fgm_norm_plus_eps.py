"""FGM divides by (||g_n|| + 1e-8) instead of ||g_n|| (zero-gradient rows handled by the epsilon)."""
LOSES = ["fgm_perturbation"]
MESSAGE = "a small constant is added to the norm"

import numpy as np


def fgm_perturbation(grad, eps):
    g = np.asarray(grad, dtype=np.float64)
    axes = tuple(range(1, g.ndim))
    norm = np.sqrt((g ** 2).sum(axis=axes, keepdims=True))
    return eps * g / (norm + 1e-8)
