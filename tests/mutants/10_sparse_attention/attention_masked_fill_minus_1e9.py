"""Fills masked scores with -1e9 instead of excluding them: an allowed score below -1e9 (huge q, k) loses to the masked keys."""
LOSES = ["masked_attention"]
MESSAGE = 'the masked scores are set to a finite -1e9'


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    m = np.broadcast_to(np.asarray(mask, dtype=bool), s.shape)
    s = np.where(m, s, -1e9)
    s = s - s.max(-1, keepdims=True)
    e = np.exp(s)
    p = e / e.sum(-1, keepdims=True)
    p = np.where(m.any(-1, keepdims=True), p, 0.0)
    return p @ v
