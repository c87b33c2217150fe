"""Used BERT's additive mask (scores - 10000 where masked), zeroing fully masked rows afterwards: a masked key scoring
more than ~10000 above the allowed ones still gets the attention."""
LOSES = ["masked_attention"]
MESSAGE = "an additive mask of -10000"


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    d = q.shape[-1]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    mask = np.broadcast_to(np.asarray(mask, dtype=bool), s.shape)
    s = s + np.where(mask, 0.0, -10000.0)
    e = np.exp(s - s.max(-1, keepdims=True))
    p = e / e.sum(-1, keepdims=True)
    return np.where(mask.any(-1)[..., None], p @ v, 0.0)
