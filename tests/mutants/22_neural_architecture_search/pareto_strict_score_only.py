"""A point is dominated only by one with a strictly higher score and no larger size: an equal score with a smaller size does not dominate."""
LOSES = ['pareto_front']
MESSAGE = "equal in one objective and better in the other"

import numpy as np


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)
    z = np.asarray(sizes, dtype=np.float64)
    dominated = (s[None, :] > s[:, None]) & (z[None, :] <= z[:, None])
    return ~np.any(dominated, axis=1)
