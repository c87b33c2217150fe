"""Clamped the scale at float64's machine epsilon (np.finfo(float).eps, 2.2e-16) instead of float32's (1.19e-7)."""
LOSES = ["choose_qparams"]
MESSAGE = "clamped at float64's machine epsilon"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    eps = float(np.finfo(float).eps)
    if axis is None:
        lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    else:
        others = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
        lo, hi = np.minimum(x.min(axis=others), 0.0), np.maximum(x.max(axis=others), 0.0)
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        zp = np.zeros(np.shape(scale), dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin), eps)
        zp = np.clip(qmin - np.round(lo / scale), qmin, qmax).astype(np.int64)
    if axis is None:
        return float(scale), int(zp)
    return scale, zp
