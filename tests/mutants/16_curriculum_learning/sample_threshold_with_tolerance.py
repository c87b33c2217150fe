"""Eligibility tested with a tolerance, cdf <= c + 1e-6: an example whose cdf is just above the competence is sampled."""
LOSES = ["sample_batch"]
MESSAGE = "slightly above the competence was sampled"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    u = np.asarray(uniform_draws, dtype=np.float64)
    eligible = np.flatnonzero(cdf <= c + 1e-6)
    if eligible.size == 0:
        eligible = np.flatnonzero(cdf == cdf.min())
    return eligible[np.floor(u * eligible.size).astype(np.int64)].astype(np.int64)
