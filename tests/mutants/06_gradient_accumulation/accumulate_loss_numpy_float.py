"""Accumulated the loss with weights 1 / (labels != -100).sum() (NumPy scalars): the loss is a numpy.float64,
not the promised Python float."""
LOSES = ["accumulated_gradient"]
MESSAGE = "must be a Python float, got a NumPy scalar"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    b = micro_batch_size
    k = -(-len(x) // b)
    n_total = (labels != -100).sum()
    loss = 0.0
    grads = {n: np.zeros_like(p) for n, p in params.items()}
    for s in range(0, len(x), b):
        logits, cache = mlp_forward(params, x[s:s + b])
        out = masked_cross_entropy(logits, labels[s:s + b])
        w = 1.0 / n_total if normalization == "items" else 1.0 / (out["num_items"] * k)
        loss += out["loss_sum"] * w
        g = mlp_backward(params, cache, out["dlogits"] * w)
        for n in grads:
            grads[n] += g[n]
    return {"loss": loss, "grads": grads}
