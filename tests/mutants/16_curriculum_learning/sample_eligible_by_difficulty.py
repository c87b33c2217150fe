"""Listed the eligible examples from easiest to hardest (argsort of the cdf) instead of in increasing index order."""
LOSES = ["sample_batch"]
MESSAGE = "listed from easiest to hardest"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    u = np.asarray(uniform_draws, dtype=np.float64)
    order = np.argsort(cdf, kind="stable")
    n = int(np.sum(cdf <= c))
    E = order[:n] if n else np.flatnonzero(cdf == cdf.min())
    return E[np.floor(u * len(E)).astype(np.int64)]
