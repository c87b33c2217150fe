"""Used c0=0.1 as the default initial competence instead of the docstring's 0.01."""
LOSES = ["competence"]
MESSAGE = "the default c0 is 0.01"


def competence(t, T, c0=0.1, kind="sqrt"):
    t = np.asarray(t, dtype=np.float64)
    if kind == "linear":
        return np.minimum(1.0, t * (1 - c0) / T + c0)
    return np.minimum(1.0, np.sqrt(t * (1 - c0 ** 2) / T + c0 ** 2))
