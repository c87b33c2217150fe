"""Scaled the queries in place (`q /= np.sqrt(d)`): np.asarray(q, dtype=np.float64) is the caller's array."""
LOSES = ["masked_attention"]
MESSAGE = "masked_attention changed the `q` you passed in"


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64)
    q /= np.sqrt(q.shape[-1])
    scores = q @ np.swapaxes(np.asarray(k, dtype=np.float64), -1, -2)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
    scores = np.where(mask, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    e = np.where(mask, np.exp(scores - np.where(np.isfinite(top), top, 0.0)), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    return (e / np.where(total > 0, total, 1.0)) @ np.asarray(v, dtype=np.float64)
