"""One-hot targets (labels[..., None] == arange(C)) times a 0/1 weight; dlogits scaled by 1/N before backward.

One-hot comparison instead of indexing: the targets are (labels[..., None] == arange(C)) times a 0/1 weight per
position, softmax kept in the input's leading shape; the gradient is scaled by 1/N before the backward pass."""


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.array(logits, dtype=np.float64)
    y = np.asarray(labels)
    weight = (y != ignore_index).astype(np.float64)[..., None]          # (..., 1)
    onehot = (y[..., None] == np.arange(z.shape[-1])).astype(np.float64) * weight
    shifted = z - z.max(axis=-1, keepdims=True) if z.size else z
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    loss = -(onehot * log_p).sum()
    dlogits = np.exp(log_p) * weight - onehot
    return {"loss_sum": float(loss), "num_items": int(weight.sum()), "dlogits": dlogits}


def large_batch_gradient(params, x, labels):
    logits, cache = mlp_forward(params, x)
    out = masked_cross_entropy(logits, labels)
    n = out["num_items"]
    return {"loss": out["loss_sum"] / n, "grads": mlp_backward(params, cache, out["dlogits"] / n)}


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    b = micro_batch_size
    k = -(-len(x) // b)
    pieces = [(x[j * b:(j + 1) * b], labels[j * b:(j + 1) * b]) for j in range(k)]
    if normalization == "items":
        total = sum(int((np.asarray(lab) != -100).sum()) for _, lab in pieces)
    grads_each, losses = [], []
    for xb, yb in pieces:
        logits, cache = mlp_forward(params, xb)
        out = masked_cross_entropy(logits, yb)
        denom = total if normalization == "items" else k * out["num_items"]
        losses.append(out["loss_sum"] / denom)
        grads_each.append(mlp_backward(params, cache, out["dlogits"] / denom))
    return {"loss": float(np.sum(losses)),
            "grads": {name: np.sum([g[name] for g in grads_each], axis=0) for name in params}}


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    per_update = micro_batch_size * accumulation_steps
    bounds = np.arange(0, len(x), per_update)
    current = {name: np.array(p, dtype=np.float64, copy=True) for name, p in params.items()}
    losses = np.zeros(len(bounds))
    for u, s in enumerate(bounds):
        out = accumulated_gradient(current, x[s:s + per_update], labels[s:s + per_update],
                                   micro_batch_size, normalization)
        losses[u] = out["loss"]
        for name in current:
            current[name] = current[name] - lr * out["grads"][name]
    return {"params": current, "losses": losses}
