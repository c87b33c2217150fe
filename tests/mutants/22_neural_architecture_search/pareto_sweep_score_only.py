"""Kung's sweep sorted by score only (stable, not by size within equal scores) and kept a point when its size is <= the smallest so far: equal-score and equal-size ties are mishandled."""
LOSES = ["pareto_front"]
MESSAGE = "with duplicate points and ties in one objective differs"


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)
    z = np.asarray(sizes, dtype=np.float64)
    order = np.argsort(-s, kind="stable")
    front = np.zeros(len(s), dtype=bool)
    best = np.inf
    for i in order:
        if z[i] <= best:
            front[i] = True
            best = z[i]
    return front
