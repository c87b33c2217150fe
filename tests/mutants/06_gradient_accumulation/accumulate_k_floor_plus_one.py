"""Counted the micro-batches as k = B // b + 1 (a ceiling that is one too many when b divides B) in "batches" mode."""
LOSES = ["accumulated_gradient"]
MESSAGE = "one too many when micro_batch_size divides B"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    b = micro_batch_size
    k = len(x) // b + 1
    n_total = int((labels != -100).sum())
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
    return {"loss": float(loss), "grads": grads}
