"""Caches the eligible set per (competence, size) in a module-level dict: a later call with another cdf of the same size and the same c reuses the stale set."""
LOSES = ["sample_batch"]
MESSAGE = "do not keep state"

_ELIGIBLE = {}


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    u = np.asarray(uniform_draws, dtype=np.float64)
    key = (float(c), cdf.shape[0])
    if key not in _ELIGIBLE:
        eligible = np.flatnonzero(cdf <= c)
        if eligible.size == 0:
            eligible = np.flatnonzero(cdf == cdf.min())
        _ELIGIBLE[key] = eligible
    eligible = _ELIGIBLE[key]
    return eligible[np.floor(u * eligible.size).astype(np.int64)].astype(np.int64)
