"""Marked the ineligible examples by writing nan into cdf, the caller's array."""
LOSES = ["sample_batch"]
MESSAGE = "sample_batch changed the `cdf` you passed in"


def sample_batch(cdf, c, uniform_draws):
    if not np.any(cdf <= c):
        c = cdf.min()
    cdf[cdf > c] = np.nan
    eligible = np.flatnonzero(~np.isnan(cdf))
    return eligible[np.floor(uniform_draws * eligible.size).astype(np.int64)]
