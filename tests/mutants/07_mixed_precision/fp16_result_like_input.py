"""Allocated the result with np.zeros_like(x): float32 input gives float32 output, int input an int array."""
LOSES = ["fp16_round"]
MESSAGE = "build the result in float64"


def fp16_round(x):
    x = np.asarray(x)
    out = np.zeros_like(x)
    ax = np.abs(x.astype(np.float64))
    _, e = np.frexp(ax)
    ulp = np.ldexp(1.0, np.maximum(e - 1, -14) - 10)
    with np.errstate(invalid="ignore", over="ignore"):
        q = np.round(ax / ulp) * ulp
    q = np.where(q > 65504.0, np.inf, q)
    with np.errstate(invalid="ignore"):
        out[...] = np.copysign(q, x)
    return out
