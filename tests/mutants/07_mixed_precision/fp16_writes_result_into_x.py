"""Wrote the rounded values back into x (x[...] = ...) to save memory: the caller's array is overwritten."""
LOSES = ["fp16_round"]
MESSAGE = "fp16_round changed the `x` you passed in"


def fp16_round(x):
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    _, e = np.frexp(ax)
    ulp = np.ldexp(1.0, np.maximum(e - 1, -14) - 10)
    with np.errstate(invalid="ignore", over="ignore"):
        q = np.round(ax / ulp) * ulp
    q = np.where(q > 65504.0, np.inf, q)
    x[...] = np.copysign(q, x)
    return x
