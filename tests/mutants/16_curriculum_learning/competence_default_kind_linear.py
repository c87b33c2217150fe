"""competence's default kind is "linear" instead of "sqrt"."""
LOSES = ["competence"]
MESSAGE = "this is the linear competence"


def competence(t, T, c0=0.01, kind="linear"):
    t = np.asarray(t, dtype=np.float64)
    if kind == "linear":
        c = t * (1.0 - c0) / T + c0
    else:
        c = np.sqrt(t * (1.0 - c0 ** 2) / T + c0 ** 2)
    return np.minimum(1.0, c)
