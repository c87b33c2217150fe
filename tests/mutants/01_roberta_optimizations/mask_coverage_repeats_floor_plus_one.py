"""Computed max_repeats as E // D + 1, one too many when D divides E."""
LOSES = ["mask_coverage"]
MESSAGE = "E // D + 1 is one too many"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E, D = u.shape[0], duplication_factor
    shown = u[np.arange(E) % D] < mlm_probability
    coverage = np.logical_or.accumulate(shown, axis=0).mean(axis=(1, 2)).astype(np.float64)
    return {"coverage": coverage, "distinct_masks": int(min(E, D)), "max_repeats": int(E // D + 1) if D < E else 1}
