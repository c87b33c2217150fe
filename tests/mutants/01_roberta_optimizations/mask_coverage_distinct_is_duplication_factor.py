"""Reported duplication_factor as the number of distinct masks, also when there are fewer epochs than copies."""
LOSES = ["mask_coverage"]
MESSAGE = "distinct_masks: got 10, expected 7"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select, dtype=np.float64)
    E = u.shape[0]
    shown = u[np.arange(E) % duplication_factor] < mlm_probability
    coverage = np.logical_or.accumulate(shown, axis=0).reshape(E, -1).mean(axis=1)
    return {"coverage": coverage, "distinct_masks": int(duplication_factor),
            "max_repeats": int(-(-E // duplication_factor))}
