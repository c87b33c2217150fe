"""As torch's log_softmax + nll_loss: logsumexp(z) - z[label]; micro-batch means weighted by n_j / N.

As torch's log_softmax + nll_loss: loss = logsumexp(z) - z[label] on rows flattened to (-1, C), labels gathered with
take_along_axis; each micro-batch weighted by its own mean times n_j / N."""


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    c = z.shape[-1]
    flat = z.reshape(-1, c)
    y = np.asarray(labels).reshape(-1)
    valid = y != ignore_index
    safe = np.where(valid, y, 0).astype(np.intp)
    top = flat.max(axis=1, keepdims=True) if flat.shape[0] else np.zeros((0, 1))
    lse = top[:, 0] + np.log(np.exp(flat - top).sum(axis=1))
    picked = np.take_along_axis(flat, safe[:, None], axis=1)[:, 0]
    per_row = np.where(valid, lse - picked, 0.0)
    grad = np.exp(flat - lse[:, None])
    grad[np.arange(flat.shape[0]), safe] -= 1.0
    grad[~valid] = 0.0
    return {"loss_sum": float(per_row.sum()), "num_items": int(np.count_nonzero(valid)),
            "dlogits": grad.reshape(z.shape)}


def large_batch_gradient(params, x, labels):
    logits, cache = mlp_forward(params, x)
    out = masked_cross_entropy(logits, labels)
    n = out["num_items"]
    grads = mlp_backward(params, cache, out["dlogits"])
    return {"loss": out["loss_sum"] / n, "grads": {k: g / n for k, g in grads.items()}}


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    x = np.asarray(x)
    labels = np.asarray(labels)
    starts = list(range(0, len(x), micro_batch_size))
    counts = [int(np.count_nonzero(labels[s:s + micro_batch_size] != -100)) for s in starts]
    total = sum(counts)
    loss = 0.0
    grads = {k: np.zeros_like(p, dtype=np.float64) for k, p in params.items()}
    for s, n_j in zip(starts, counts):
        out = large_batch_gradient(params, x[s:s + micro_batch_size], labels[s:s + micro_batch_size])
        weight = n_j / total if normalization == "items" else 1.0 / len(starts)
        loss += weight * out["loss"]
        for k in grads:
            grads[k] = grads[k] + weight * out["grads"][k]
    return {"loss": float(loss), "grads": grads}
