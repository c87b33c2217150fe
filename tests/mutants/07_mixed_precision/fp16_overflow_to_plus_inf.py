"""Sent every overflow to +inf (r[np.abs(r) > 65504] = np.inf after restoring the sign): large negative values give +inf instead of -inf."""
LOSES = ["fp16_round"]
MESSAGE = "an overflow keeps its sign"


def fp16_round(x):
    x = np.asarray(x, dtype=np.float64)
    a = np.abs(x)
    _, e = np.frexp(a)
    e = np.maximum(e - 1, -14)
    ulp = np.ldexp(1.0, e - 10)
    with np.errstate(invalid="ignore"):
        r = np.round(a / ulp) * ulp
    r = np.where(np.isfinite(a), r, a)
    r = np.copysign(r, x)
    r[np.abs(r) > 65504] = np.inf
    return r
