"""Returned the average adapted weights themselves (as if epsilon were 1)."""
LOSES = ['reptile_update']
MESSAGE = "epsilon is ignored"

import numpy as np


def reptile_update(w, X, y, alpha, steps, epsilon):
    W = inner_adapt(np.asarray(w, dtype=np.float64), X, y, alpha, steps)
    return W.mean(axis=0)
