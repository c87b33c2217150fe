"""Subtracted the row maximum in place: np.asarray(logits, dtype=np.float64) is the caller's float64 array."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "masked_cross_entropy changed the `logits` you passed in"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    z -= z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    y = np.asarray(labels)
    valid = y != ignore_index
    onehot = np.eye(z.shape[-1])[np.where(valid, y, 0)]
    picked = (log_p * onehot).sum(-1)
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()),
            "dlogits": (np.exp(log_p) - onehot) * valid[..., None]}
