"""Counted the copies shown with range(1, E + 1): epoch e shows copy (e + 1) % D."""
LOSES = ["mask_coverage"]
MESSAGE = "epoch e showed copy (e + 1) % D"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E, D = u.shape[0], duplication_factor
    copies = np.arange(1, E + 1) % D
    if D >= E:
        copies = np.arange(E)
    shown = u[copies] < mlm_probability
    coverage = np.logical_or.accumulate(shown, axis=0).mean(axis=(1, 2)).astype(np.float64)
    return {"coverage": coverage, "distinct_masks": int(min(E, D)), "max_repeats": int(-(-E // D))}
