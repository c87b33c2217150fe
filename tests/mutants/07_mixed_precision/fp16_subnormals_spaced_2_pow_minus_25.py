"""Lets the exponent go down to -15: subnormals are spaced 2**-25 instead of 2**-24."""
LOSES = ["fp16_round"]
MESSAGE = 'the subnormals are spaced 2**-25'


def fp16_round(x):
    x = np.array(x, dtype=np.float64)
    a = np.abs(x)
    finite = np.isfinite(a) & (a > 0)
    safe = np.where(finite, a, 1.0)
    k = np.maximum(np.floor(np.log2(safe)), -15)
    ulp = 2.0 ** (k - 10)
    r = np.round(safe / ulp) * ulp
    r = np.where(r > 65504.0, np.inf, r)
    r = np.where(finite, np.copysign(r, x), x)
    return r
