"""Returned the gradient of the MEAN loss (dlogits divided by num_items) while loss_sum is the sum."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "dlogits is divided by the number of items"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels)
    valid = y != ignore_index                                          # (...)
    z = z - z.max(axis=-1, keepdims=True)                              # (..., C) stable
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))          # (..., C)
    safe_y = np.where(valid, y, 0)[..., None]                          # (..., 1)
    picked = np.take_along_axis(log_p, safe_y, axis=-1)[..., 0]        # (...)
    onehot = np.zeros_like(log_p)
    np.put_along_axis(onehot, safe_y, 1.0, axis=-1)                    # (..., C)
    dlogits = (np.exp(log_p) - onehot) * valid[..., None]              # (..., C)
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()), "dlogits": dlogits / max(int(valid.sum()), 1)}
