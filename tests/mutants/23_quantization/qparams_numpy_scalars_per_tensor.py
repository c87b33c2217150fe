"""Per tensor, returned NumPy scalars np.float64(scale), np.int64(zero_point) instead of a Python float and a Python int (per channel the arrays are right)."""
import numpy as np
LOSES = ["choose_qparams"]
MESSAGE = "per tensor returned (a NumPy scalar (numpy.float64), a NumPy scalar (numpy.int64))"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    eps = float(np.finfo(np.float32).eps)
    if axis is None:
        mn, mx = min(x.min(), 0.0), max(x.max(), 0.0)
    else:
        ax = axis % x.ndim
        xm = np.moveaxis(x, ax, 0).reshape(x.shape[ax], -1)
        mn, mx = np.minimum(xm.min(1), 0.0), np.maximum(xm.max(1), 0.0)
    if symmetric:
        s = np.maximum(np.maximum(-mn, mx) / ((qmax - qmin) / 2), eps)
        z = np.zeros_like(s, dtype=np.int64)
    else:
        s = np.maximum((mx - mn) / (qmax - qmin), eps)
        z = np.clip(qmin - np.round(mn / s), qmin, qmax).astype(np.int64)
    if axis is None:
        return np.float64(s), np.int64(z)
    return np.asarray(s, dtype=np.float64), z
