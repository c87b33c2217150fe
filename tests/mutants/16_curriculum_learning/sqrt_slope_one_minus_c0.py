"""The square-root competence uses the linear schedule's slope, t * (1 - c0) / T, instead of t * (1 - c0**2) / T."""
LOSES = ["competence"]
MESSAGE = "the slope uses 1 - c0"

import numpy as np


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.asarray(t, dtype=np.float64)
    if kind == "linear":
        return np.minimum(1.0, t * (1 - c0) / T + c0)
    return np.minimum(1.0, np.sqrt(t * (1 - c0) / T + c0 ** 2))
