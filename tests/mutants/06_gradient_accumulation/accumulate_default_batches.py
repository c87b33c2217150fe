"""Gave normalization the default "batches" (PyTorch's loss / k) instead of "items"."""
LOSES = ["accumulated_gradient"]
MESSAGE = "with the default normalization='items'"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="batches"):
    x, labels = np.asarray(x, dtype=np.float64), np.asarray(labels)
    starts = range(0, x.shape[0], micro_batch_size)
    total = int((labels != -100).sum())
    loss, grads = 0.0, {k: np.zeros(np.shape(v)) for k, v in params.items()}
    for s in starts:
        logits, cache = mlp_forward(params, x[s:s + micro_batch_size])
        ce = masked_cross_entropy(logits, labels[s:s + micro_batch_size])
        scale = 1.0 / total if normalization == "items" else 1.0 / (ce["num_items"] * len(starts))
        loss += ce["loss_sum"] * scale
        for k, g in mlp_backward(params, cache, ce["dlogits"] * scale).items():
            grads[k] += g
    return {"loss": float(loss), "grads": grads}
