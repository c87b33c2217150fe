"""Computed max_repeats with np.ceil(E / D), which is a float, where the docstring promises an int."""
LOSES = ["mask_coverage"]
MESSAGE = "the docstring promises an int"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select, dtype=np.float64)
    E = u.shape[0]
    shown = u[np.arange(E) % duplication_factor] < mlm_probability
    coverage = np.logical_or.accumulate(shown, axis=0).reshape(E, -1).mean(axis=1)
    return {"coverage": coverage, "distinct_masks": min(E, duplication_factor),
            "max_repeats": np.ceil(E / duplication_factor)}
