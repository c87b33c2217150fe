"""Returned distinct_masks and max_repeats as NumPy integers (np.minimum, np.ceil(...).astype(np.int64)), not the Python ints the docstring promises."""
import numpy as np
LOSES = ["mask_coverage"]
MESSAGE = "must be a Python int, got a NumPy scalar (numpy.int64)"

def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E = u.shape[0]
    D = duplication_factor
    idx = np.arange(E) % D
    sel = u[idx] < mlm_probability
    cov = np.logical_or.accumulate(sel, axis=0).mean(axis=(1, 2))
    return {"coverage": cov, "distinct_masks": np.minimum(E, D), "max_repeats": np.ceil(np.int64(E) / D).astype(np.int64)}
