"""Computed in the inputs' dtype: float32 q, k, v give a float32 output instead of float64."""
LOSES = ["masked_attention"]
MESSAGE = "the docstring promises float64"


def masked_attention(q, k, v, mask):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]).astype(q.dtype)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
    scores = np.where(mask, scores, -np.inf).astype(q.dtype)
    top = scores.max(axis=-1, keepdims=True)
    e = np.where(mask, np.exp(scores - np.where(np.isfinite(top), top, 0)), 0).astype(q.dtype)
    total = e.sum(axis=-1, keepdims=True)
    return (e / np.where(total > 0, total, 1)) @ v
