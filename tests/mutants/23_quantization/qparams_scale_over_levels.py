"""Divided the affine range by the number of levels (qmax - qmin + 1 = 256) instead of qmax - qmin (255)."""
LOSES = ['choose_qparams']
MESSAGE = "divided by the number of levels"

import numpy as np


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        lo, hi = x.min(), x.max()
    else:
        rows = np.moveaxis(x, axis, 0).reshape(x.shape[axis], -1)
        lo, hi = rows.min(axis=1), rows.max(axis=1)
    lo = np.minimum(lo, 0.0)
    hi = np.maximum(hi, 0.0)
    eps = float(np.finfo(np.float32).eps)
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        zero_point = np.zeros(np.shape(scale), dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin + 1), eps)
        zero_point = np.clip(qmin - np.round(lo / scale), qmin, qmax).astype(np.int64)
    if axis is None:
        return float(scale), int(zero_point)
    return scale, zero_point
