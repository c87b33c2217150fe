"""Divided the scores by sqrt(q.shape[-2]) (the number of queries) instead of sqrt(q.shape[-1]) (the head dimension d)."""
LOSES = ["masked_attention"]
MESSAGE = "not by the number of queries"


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), q.shape[:-1] + k.shape[-2:-1])
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(max(q.shape[-2], 1))
    s = np.where(mask, s, -np.inf)
    m = np.max(s, axis=-1, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.where(mask, np.exp(s - m), 0.0)
    z = e.sum(-1, keepdims=True)
    return (e / np.where(z > 0, z, 1.0)) @ v
