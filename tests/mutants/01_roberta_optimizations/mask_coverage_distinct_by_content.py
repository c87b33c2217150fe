"""Counted the distinct masks by their content (np.unique of the masks shown), so copies whose
masks are equal (e.g. p = 0) count once, where the docstring counts copies."""
LOSES = ["mask_coverage"]
MESSAGE = "distinct_masks counted the different mask contents"


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select, dtype=np.float64)
    n_epochs = u.shape[0]
    copy = np.arange(n_epochs) % duplication_factor
    selected = u[copy] < mlm_probability
    ever = np.logical_or.accumulate(selected, axis=0)
    coverage = ever.reshape(n_epochs, -1).mean(axis=1)
    distinct = len(np.unique(selected.reshape(n_epochs, -1), axis=0))
    uses = np.bincount(copy)
    return {"coverage": coverage, "distinct_masks": int(distinct), "max_repeats": int(uses.max())}
