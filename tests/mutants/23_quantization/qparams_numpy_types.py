"""Returned the per-tensor scale and zero point as NumPy scalars instead of a Python float and int."""
LOSES = ["choose_qparams"]
MESSAGE = "promises a Python float and a Python int"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        lo, hi = x.min(), x.max()
    else:
        rows = np.moveaxis(x, axis, 0).reshape(x.shape[axis], -1)
        lo, hi = rows.min(axis=1), rows.max(axis=1)
    lo, hi = np.minimum(lo, 0.0), np.maximum(hi, 0.0)
    eps = np.finfo(np.float32).eps
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        return scale, np.zeros(np.shape(scale), dtype=np.int64)
    scale = np.maximum((hi - lo) / (qmax - qmin), eps)
    return scale, np.clip(qmin - np.round(lo / scale), qmin, qmax).astype(np.int64)
