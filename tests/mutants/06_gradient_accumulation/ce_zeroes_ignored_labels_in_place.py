"""Set the ignored labels to 0 in the caller's array (to index with them) after computing the mask."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "masked_cross_entropy changed the `labels` you passed in"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    valid = labels != ignore_index
    labels[~valid] = 0
    picked = np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    onehot = np.zeros_like(log_p)
    np.put_along_axis(onehot, labels[..., None], 1.0, axis=-1)
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()),
            "dlogits": (np.exp(log_p) - onehot) * valid[..., None]}
