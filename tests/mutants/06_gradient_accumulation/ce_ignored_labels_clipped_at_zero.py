"""Made the ignored labels indexable with np.maximum(labels, 0): right for ignore_index=-100, but an
ignore_index >= C (e.g. C itself) stays out of range and take_along_axis raises IndexError."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "not np.maximum(labels, 0)"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    y = np.asarray(labels)
    valid = y != ignore_index
    safe = np.maximum(y, 0)[..., None]
    onehot = np.zeros_like(log_p)
    np.put_along_axis(onehot, safe, 1.0, axis=-1)
    picked = np.take_along_axis(log_p, safe, axis=-1)[..., 0]
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()),
            "dlogits": (np.exp(log_p) - onehot) * valid[..., None]}
