"""Made t at least 1-D (np.atleast_1d) so that it can be indexed: a scalar t gives shape (1,) instead of ()."""
LOSES = ["competence"]
MESSAGE = "expected ()"


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.atleast_1d(np.asarray(t, dtype=np.float64))
    if kind == "linear":
        c = t * (1.0 - c0) / T + c0
    else:
        c = np.sqrt(t * (1.0 - c0 ** 2) / T + c0 ** 2)
    return np.minimum(1.0, c)
