"""Built the batch with a list comprehension over the draws: no draws gives an empty float64 array."""
LOSES = ["sample_batch"]
MESSAGE = "an empty int64 array"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    eligible = np.flatnonzero(cdf <= max(c, cdf.min()))
    return np.array([eligible[int(u * len(eligible))] for u in uniform_draws])
