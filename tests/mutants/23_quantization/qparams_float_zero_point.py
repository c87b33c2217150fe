"""Per channel, returned the zero points straight from np.round/np.clip: a float64 array, not an integer array."""
LOSES = ["choose_qparams"]
MESSAGE = "an integer array of zero points"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    eps = float(np.finfo(np.float32).eps)
    if axis is None:
        lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    else:
        others = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
        lo, hi = np.minimum(x.min(axis=others), 0.0), np.maximum(x.max(axis=others), 0.0)
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        zp = np.zeros_like(scale)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin), eps)
        zp = np.clip(qmin - np.round(lo / scale), qmin, qmax)
    if axis is None:
        return float(scale), int(zp)
    return scale, zp
