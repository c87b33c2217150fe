"""masked_fill(-inf) softmax, then np.nan_to_num to turn fully masked rows (nan) into 0: right values, but RuntimeWarnings."""
import numpy as np
LOSES = ["masked_attention"]
MESSAGE = "a fully masked row must be handled explicitly"

def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    d = q.shape[-1]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), s.shape)
    sm = np.where(mask, s, -np.inf)
    e = np.exp(sm - sm.max(-1, keepdims=True))
    p = e / e.sum(-1, keepdims=True)
    return np.nan_to_num(p) @ v
