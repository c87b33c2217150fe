"""In "batches" mode counted the micro-batches as k = B // micro_batch_size (floor, at least 1) instead of
ceil(B / micro_batch_size), forgetting the last, smaller micro-batch."""
LOSES = ["accumulated_gradient"]
MESSAGE = "k counts the last, smaller micro-batch too"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    B, b = len(x), micro_batch_size
    k = max(B // b, 1)
    N = int((np.asarray(labels) != -100).sum())
    loss, grads = 0.0, {n: np.zeros_like(v) for n, v in params.items()}
    for s in range(0, B, b):
        logits, cache = mlp_forward(params, x[s:s + b])
        ce = masked_cross_entropy(logits, labels[s:s + b])
        w = 1.0 / N if normalization == "items" else 1.0 / (k * ce["num_items"])
        loss += ce["loss_sum"] * w
        g = mlp_backward(params, cache, ce["dlogits"] * w)
        for n in grads:
            grads[n] = grads[n] + g[n]
    return {"loss": float(loss), "grads": grads}
