"""Split the batch into k strided micro-batches x[j::k] instead of the consecutive slices x[0:b], x[b:2b], ...
(only visible with normalization='batches', where the micro-batch sizes matter)."""
LOSES = ["accumulated_gradient"]
MESSAGE = "the micro-batches are not consecutive"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    B, b = len(x), micro_batch_size
    k = -(-B // b)
    N = int((np.asarray(labels) != -100).sum())
    loss, grads = 0.0, {n: np.zeros_like(v) for n, v in params.items()}
    for j in range(k):
        logits, cache = mlp_forward(params, x[j::k])
        ce = masked_cross_entropy(logits, labels[j::k])
        w = 1.0 / N if normalization == "items" else 1.0 / (k * ce["num_items"])
        loss += ce["loss_sum"] * w
        g = mlp_backward(params, cache, ce["dlogits"] * w)
        for n in grads:
            grads[n] = grads[n] + g[n]
    return {"loss": float(loss), "grads": grads}
