"""Ignores the ignore_index argument: always masks -100."""
LOSES = ["masked_cross_entropy"]
MESSAGE = 'compare the labels with ignore_index'


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels)
    valid = y != -100
    safe = np.where(valid, y, 0)
    z = z - z.max(-1, keepdims=True)
    lse = np.log(np.exp(z).sum(-1, keepdims=True))
    logp = z - lse
    picked = np.take_along_axis(logp, safe[..., None].astype(np.int64), -1)[..., 0]
    loss = float(-(picked * valid).sum())
    d = np.exp(logp)
    onehot = (np.arange(z.shape[-1]) == safe[..., None])
    d = (d - onehot) * valid[..., None]
    return {"loss_sum": loss, "num_items": int(valid.sum()), "dlogits": d}
