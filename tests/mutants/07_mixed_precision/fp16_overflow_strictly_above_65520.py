"""Saturated at 65504 up to 65520 included and overflowed only above it: the tie 65520 (halfway between 65504 and 65536) rounds to even, 65536, so to inf."""
LOSES = ["fp16_round"]
MESSAGE = "65520 itself must overflow"


def fp16_round(x):
    x = np.asarray(x, dtype=np.float64)
    a = np.abs(x)
    _, e = np.frexp(a)
    e = np.maximum(e - 1, -14)
    ulp = np.ldexp(1.0, e - 10)
    with np.errstate(invalid="ignore"):
        r = np.round(a / ulp) * ulp
    r = np.where(a > 65520, np.inf, np.minimum(r, 65504.0))
    r = np.where(np.isfinite(a), r, a)
    return np.copysign(r, x)
