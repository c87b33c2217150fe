"""Did not clamp the scale at float32's eps: an all-zero tensor gives scale 0 and a zero point of 0 / 0."""
LOSES = ["choose_qparams"]
MESSAGE = "the scale must be at least float32's machine epsilon"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        lo, hi = x.min(), x.max()
    else:
        rows = np.moveaxis(x, axis, 0).reshape(x.shape[axis], -1)
        lo, hi = rows.min(axis=1), rows.max(axis=1)
    lo, hi = np.minimum(lo, 0.0), np.maximum(hi, 0.0)
    if symmetric:
        scale = np.maximum(-lo, hi) / ((qmax - qmin) / 2)
        zero_point = np.zeros(np.shape(scale), dtype=np.int64)
    else:
        scale = (hi - lo) / (qmax - qmin)
        zero_point = np.clip(qmin - np.round(lo / scale), qmin, qmax)
    if axis is None:
        return float(scale), int(zero_point)
    return scale, zero_point.astype(np.int64)
