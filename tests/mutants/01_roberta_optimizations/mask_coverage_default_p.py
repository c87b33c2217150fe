"""Used mlm_probability=0.2 as the default instead of the docstring's 0.15."""
LOSES = ["mask_coverage"]
MESSAGE = "the default mlm_probability is 0.15"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.2):
    u = np.asarray(u_select)
    E, D = u.shape[0], duplication_factor
    shown = u[np.arange(E) % D] < mlm_probability
    coverage = np.logical_or.accumulate(shown, axis=0).mean(axis=(1, 2)).astype(np.float64)
    return {"coverage": coverage, "distinct_masks": int(min(E, D)), "max_repeats": int(-(-E // D))}
