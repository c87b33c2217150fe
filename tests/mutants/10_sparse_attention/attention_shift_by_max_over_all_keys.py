"""Shifted the softmax by the maximum over ALL keys (masked ones included): once a masked score exceeds the allowed
ones by more than ~745, the allowed exps underflow to 0 and the row comes out 0."""
LOSES = ["masked_attention"]
MESSAGE = "the softmax is shifted by the maximum over ALL keys"


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    d = q.shape[-1]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), s.shape)
    e = np.where(mask, np.exp(s - s.max(-1, keepdims=True)), 0.0)
    den = e.sum(-1, keepdims=True)
    p = e / np.where(den > 0, den, 1.0)
    return p @ v
