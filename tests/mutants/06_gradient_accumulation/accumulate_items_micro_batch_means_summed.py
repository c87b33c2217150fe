"""With normalization="items", divided each micro-batch's summed loss by ITS OWN number of valid items (a sum of
micro-batch means) instead of the number of valid items of the whole batch."""
LOSES = ["accumulated_gradient"]
MESSAGE = "divided by its OWN number of valid items"


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    starts = range(0, x.shape[0], micro_batch_size)
    k = len(starts)
    total_items = int((labels != -100).sum())                          # counted before any backward pass
    loss = 0.0
    grads = {name: np.zeros(np.shape(p)) for name, p in params.items()}
    for s in starts:
        logits, cache = mlp_forward(params, x[s:s + micro_batch_size])  # (b, [T,] C)
        ce = masked_cross_entropy(logits, labels[s:s + micro_batch_size])
        if normalization == "items":
            scale = 1.0 / ce["num_items"]
        elif normalization == "batches":
            scale = 1.0 / (ce["num_items"] * k)
        else:
            raise ValueError(f"normalization must be 'items' or 'batches', got {normalization!r}")
        loss += ce["loss_sum"] * scale
        for name, g in mlp_backward(params, cache, ce["dlogits"] * scale).items():
            grads[name] += g                                           # accumulate, as .grad does
    return {"loss": float(loss), "grads": grads}
