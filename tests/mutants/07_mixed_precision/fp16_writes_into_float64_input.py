"""Wrote the rounded values back into np.asarray(x, dtype=np.float64), which for a float64 input is the caller's
array: with the student's own helpers, mixed_precision_step's new master weights become fp16 values."""
LOSES = ["fp16_round", "mixed_precision_step"]
MESSAGE = "your fp16_round changed the array it was given"


def fp16_round(x):
    y = np.asarray(x, dtype=np.float64)
    a = np.abs(y)
    fin = np.isfinite(y) & (a > 0)
    k = np.maximum(np.floor(np.log2(np.where(fin, a, 1.0))), -14)
    ulp = 2.0 ** (k - 10)
    r = np.round(a / ulp) * ulp
    r = np.where(r > 65504.0, np.inf, r)
    y[...] = np.where(fin, np.sign(y) * r, y)
    return y
