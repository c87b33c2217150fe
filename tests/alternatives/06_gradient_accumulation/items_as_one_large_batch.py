"""Items mode as one large_batch_gradient on the whole batch (exact by linearity); batches mode with np.mean.

Uses the exactness of normalisation by items: that case is one large_batch_gradient on the whole batch; "batches"
averages the micro-batch means with np.mean; updates are computed in place on copies (p -= lr * g)."""


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    lab = np.asarray(labels)
    c = z.shape[-1]
    z2, y = z.reshape(-1, c), lab.reshape(-1)
    ok = y != ignore_index
    idx = np.nonzero(ok)[0]
    zv = z2[idx]
    mx = np.max(zv, axis=1, keepdims=True) if idx.size else np.zeros((0, 1))
    logp = (zv - mx) - np.log(np.sum(np.exp(zv - mx), axis=1, keepdims=True))
    cls = y[idx].astype(np.intp)
    out = np.zeros_like(z2)
    out[idx] = np.exp(logp)
    out[idx, cls] -= 1.0
    return {"loss_sum": float(-logp[np.arange(idx.size), cls].sum()), "num_items": int(idx.size),
            "dlogits": out.reshape(z.shape)}


def large_batch_gradient(params, x, labels):
    logits, cache = mlp_forward(params, np.asarray(x, dtype=np.float64))
    res = masked_cross_entropy(logits, labels)
    scale = 1.0 / res["num_items"]
    return {"loss": res["loss_sum"] * scale, "grads": mlp_backward(params, cache, res["dlogits"] * scale)}


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    if normalization == "items":
        return large_batch_gradient(params, x, labels)
    outs = [large_batch_gradient(params, x[s:s + micro_batch_size], labels[s:s + micro_batch_size])
            for s in range(0, len(x), micro_batch_size)]
    return {"loss": float(np.mean([o["loss"] for o in outs])),
            "grads": {k: np.mean(np.stack([o["grads"][k] for o in outs]), axis=0) for k in params}}


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    theta = {k: v.copy() for k, v in params.items()}
    n = len(x)
    m = -(-n // micro_batch_size)
    num_updates = -(-m // accumulation_steps)
    span = micro_batch_size * accumulation_steps
    losses = np.empty(num_updates, dtype=np.float64)
    for u in range(num_updates):
        out = accumulated_gradient(theta, x[u * span:(u + 1) * span], labels[u * span:(u + 1) * span],
                                   micro_batch_size, normalization)
        losses[u] = out["loss"]
        for k in theta:
            theta[k] -= lr * out["grads"][k]
    return {"params": theta, "losses": losses}
