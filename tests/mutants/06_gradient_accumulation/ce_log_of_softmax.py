"""Took the log of the softmax probabilities (-log(p[label])) instead of a log-softmax: p underflows to 0 and
the loss is inf when the label's logit is far below the largest one."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "log of 0"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    y = np.asarray(labels)
    valid = y != ignore_index
    safe = np.where(valid, y, 0)[..., None]
    onehot = np.zeros_like(p)
    np.put_along_axis(onehot, safe, 1.0, axis=-1)
    picked = np.take_along_axis(p, safe, axis=-1)[..., 0]
    return {"loss_sum": float(-(np.log(picked) * valid).sum()), "num_items": int(valid.sum()),
            "dlogits": (p - onehot) * valid[..., None]}
