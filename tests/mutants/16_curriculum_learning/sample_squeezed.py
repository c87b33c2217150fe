"""Squeezed the result: a batch of one (B = 1) gives a 0-d array instead of shape (1,)."""
LOSES = ["sample_batch"]
MESSAGE = "a batch of one is still an array of shape (B,)"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    u = np.asarray(uniform_draws, dtype=np.float64)
    E = np.flatnonzero(cdf <= c)
    if E.size == 0:
        E = np.flatnonzero(cdf == cdf.min())
    return E[np.floor(u * len(E)).astype(np.int64)].squeeze()
