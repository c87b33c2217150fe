"""Returned the front as 0/1 integers (1 - dominated.any(1)) instead of a bool array."""
LOSES = ["pareto_front"]
MESSAGE = "has dtype int64: the docstring promises bool (return a boolean mask)"


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)
    z = np.asarray(sizes, dtype=np.float64)
    dom = (s[None, :] >= s[:, None]) & (z[None, :] <= z[:, None]) & ((s[None, :] > s[:, None]) | (z[None, :] < z[:, None]))
    return 1 - dom.any(axis=1)
