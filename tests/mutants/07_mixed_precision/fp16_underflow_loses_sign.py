"""Set the values that round below the smallest subnormal to 0.0 with np.where: a tiny negative value gives +0 instead of -0."""
LOSES = ["fp16_round"]
MESSAGE = "keep the sign (np.copysign)"


def fp16_round(x):
    x = np.asarray(x, dtype=np.float64)
    a = np.abs(x)
    _, e = np.frexp(a)
    e = np.maximum(e - 1, -14)
    ulp = np.ldexp(1.0, e - 10)
    with np.errstate(invalid="ignore"):
        r = np.round(a / ulp) * ulp
    r = np.where(r > 65504, np.inf, r)
    r = np.where(np.isfinite(a), r, a)
    return np.where(r == 0, 0.0, np.copysign(r, x))
