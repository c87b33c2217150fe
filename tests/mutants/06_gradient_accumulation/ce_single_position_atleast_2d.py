"""Uses np.atleast_2d/atleast_1d: a single position (logits (C,), label 0-d) gets dlogits of shape (1, C)."""
LOSES = ["masked_cross_entropy"]
MESSAGE = 'do not add an axis'


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.atleast_2d(np.asarray(logits, dtype=np.float64))
    y = np.atleast_1d(np.asarray(labels))
    valid = y != ignore_index
    safe = np.where(valid, y, 0)
    z = z - z.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    picked = np.take_along_axis(logp, safe[..., None].astype(np.int64), -1)[..., 0]
    d = (np.exp(logp) - (np.arange(z.shape[-1]) == safe[..., None])) * valid[..., None]
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()), "dlogits": d}
