"""sample_batch rounds u * len(E) to the nearest index (clipped to the last one) instead of taking its floor."""
LOSES = ["sample_batch"]
MESSAGE = "u * len(eligible) is rounded"


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    threshold = max(float(c), float(cdf.min()))
    eligible = np.flatnonzero(cdf <= threshold)
    u = np.asarray(uniform_draws, dtype=np.float64)
    k = np.minimum(np.round(u * eligible.size), eligible.size - 1).astype(np.int64)
    return eligible[k]
