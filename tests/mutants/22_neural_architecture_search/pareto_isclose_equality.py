"""Compared with an np.isclose tolerance: points that differ by less than ~1e-5 relative count as equal, so a point better by a tiny margin does not dominate."""
import numpy as np
LOSES = ["pareto_front"]
MESSAGE = "values that differ only slightly were treated as equal (a tolerance such as np.isclose)"


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)
    z = np.asarray(sizes, dtype=np.float64)
    ge = (s[None, :] >= s[:, None]) | np.isclose(s[None, :], s[:, None])
    le = (z[None, :] <= z[:, None]) | np.isclose(z[None, :], z[:, None])
    strict = ((s[None, :] > s[:, None]) & ~np.isclose(s[None, :], s[:, None])) | \
             ((z[None, :] < z[:, None]) & ~np.isclose(z[None, :], z[:, None]))
    return ~(ge & le & strict).any(axis=1)
