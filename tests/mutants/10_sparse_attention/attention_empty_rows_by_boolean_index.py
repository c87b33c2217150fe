"""Zeroed the rows without an allowed key with out[~mask.any(-1)] = 0: the boolean index has the mask's shape, so a mask that only broadcasts (e.g. (n_k,) or (1, n_k)) raises IndexError."""
LOSES = ["masked_attention"]
MESSAGE = "the mask only broadcasts to the scores' shape"


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    s = np.where(mask, s, -np.inf)
    m = np.max(s, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.where(mask, np.exp(s - m), 0.0)
    z = e.sum(-1, keepdims=True)
    p = e / np.where(z > 0, z, 1.0)
    out = p @ v
    out[~mask.any(-1)] = 0.0
    return out
