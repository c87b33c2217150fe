"""In 'batches' mode the micro-batch mean divides by all its positions (padding included) instead of its valid items."""
LOSES = ["accumulated_gradient"]
MESSAGE = 'padding included'


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    b = micro_batch_size
    k = -(-len(x) // b)
    n_total = int((labels != -100).sum())
    loss = 0.0
    grads = {n: np.zeros_like(p) for n, p in params.items()}
    for s in range(0, len(x), b):
        xb, yb = x[s:s + b], labels[s:s + b]
        logits, cache = mlp_forward(params, xb)
        out = masked_cross_entropy(logits, yb)
        w = 1.0 / n_total if normalization == "items" else 1.0 / (yb.size * k)
        loss += out["loss_sum"] * w
        g = mlp_backward(params, cache, out["dlogits"] * w)
        for n in grads:
            grads[n] += g[n]
    return {"loss": float(loss), "grads": grads}
