"""Returns early when every label is ignored with dlogits = np.zeros_like(logits): float32 (or float16) logits
give a float32 gradient there instead of float64."""
LOSES = ["masked_cross_entropy"]
MESSAGE = "every label -100)['dlogits'] has dtype float32"


def masked_cross_entropy(logits, labels, ignore_index=-100):
    y = np.asarray(labels)
    valid = y != ignore_index
    if not valid.any():
        return {"loss_sum": 0.0, "num_items": 0, "dlogits": np.zeros_like(logits)}
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    safe = np.where(valid, y, 0)[..., None]
    onehot = np.zeros_like(log_p)
    np.put_along_axis(onehot, safe, 1.0, axis=-1)
    picked = np.take_along_axis(log_p, safe, axis=-1)[..., 0]
    return {"loss_sum": float(-(picked * valid).sum()), "num_items": int(valid.sum()),
            "dlogits": (np.exp(log_p) - onehot) * valid[..., None]}
