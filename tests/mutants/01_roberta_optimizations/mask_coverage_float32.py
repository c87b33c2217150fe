"""Took the coverage mean in float32 (mean(dtype=np.float32)), not float64 (the counts are right)."""
import numpy as np
LOSES = ["mask_coverage"]
MESSAGE = "coverage is float32"

def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E = u.shape[0]
    D = duplication_factor
    idx = np.arange(E) % D
    sel = u[idx] < mlm_probability
    cov = np.logical_or.accumulate(sel, axis=0).mean(axis=(1, 2), dtype=np.float32)
    return {"coverage": cov, "distinct_masks": int(min(E, D)), "max_repeats": int(-(-E // D))}
