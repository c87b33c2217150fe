"""Selected the tokens with u <= p instead of u < p: a uniform exactly equal to p (e.g. 0 with p = 0) is selected."""
import numpy as np
LOSES = ["mask_coverage"]
MESSAGE = "a uniform equal to p was selected"

def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E = u.shape[0]
    D = duplication_factor
    idx = np.arange(E) % D
    sel = u[idx] <= mlm_probability
    cov = np.logical_or.accumulate(sel, axis=0).mean(axis=(1, 2)).astype(np.float64)
    return {"coverage": cov, "distinct_masks": int(min(E, D)), "max_repeats": int(-(-E // D))}
