"""sample_batch picks E[floor(u * (len(E) - 1))]: the last eligible example is (almost) never drawn."""
LOSES = ["sample_batch"]
MESSAGE = "u is scaled by len(eligible) - 1"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    threshold = max(float(c), float(cdf.min()))
    eligible = np.flatnonzero(cdf <= threshold)
    u = np.asarray(uniform_draws, dtype=np.float64)
    return eligible[np.floor(u * (eligible.size - 1)).astype(np.int64)]
