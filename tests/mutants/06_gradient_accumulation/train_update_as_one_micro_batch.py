"""Passed each update's examples to accumulated_gradient as one micro-batch (micro_batch_size =
micro_batch_size * accumulation_steps): in "batches" mode that is the mean over the update, not the mean
of the micro-batch means."""
LOSES = ["train_with_accumulation"]
MESSAGE = "each update's examples go in as one micro-batch"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = []
    for s in range(0, len(x), per_update):
        out = accumulated_gradient(params, x[s:s + per_update], labels[s:s + per_update], per_update, normalization)
        params = {k: params[k] - lr * out["grads"][k] for k in params}
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses, dtype=np.float64)}
