"""Never converted x: per channel, float32 weights give a float32 scale array (computed in float32), not float64."""
LOSES = ["choose_qparams"]
MESSAGE = "float32 weights: scale has dtype float32"


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x)
    eps = np.finfo(np.float32).eps
    if axis is None:
        lo, hi = min(x.min(), 0), max(x.max(), 0)
    else:
        others = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
        lo, hi = np.minimum(x.min(axis=others), 0), np.maximum(x.max(axis=others), 0)
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        zp = np.zeros(np.shape(scale), dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin), eps)
        zp = np.clip(qmin - np.round(lo / scale), qmin, qmax).astype(np.int64)
    if axis is None:
        return float(scale), int(zp)
    return scale, zp
