"""Fallback uses only np.argmin(cdf) (one index) instead of all examples with the smallest cdf."""
LOSES = ["sample_batch"]
MESSAGE = "ALL the examples with the smallest cdf"

import numpy as np


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf)
    E = np.flatnonzero(cdf <= c)
    if E.size == 0:
        E = np.array([np.argmin(cdf)])
    u = np.asarray(uniform_draws)
    return E[np.floor(u * len(E)).astype(np.int64)].astype(np.int64)
