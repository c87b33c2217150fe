"""Used np.atleast_1d to handle numbers: a number (or 0-d array) gives shape (1,) instead of a 0-d array."""
LOSES = ["fp16_round"]
MESSAGE = "a number gives a 0-d array"


def fp16_round(x):
    x = np.atleast_1d(np.asarray(x, dtype=np.float64))
    a = np.abs(x)
    _, e = np.frexp(a)
    e = np.maximum(e - 1, -14)
    ulp = np.ldexp(1.0, e - 10)
    with np.errstate(invalid="ignore"):
        r = np.round(a / ulp) * ulp
    r = np.where(r > 65504, np.inf, r)
    r = np.where(np.isfinite(a), r, a)
    return np.copysign(r, x)
