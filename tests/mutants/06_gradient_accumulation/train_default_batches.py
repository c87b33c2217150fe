"""Gave train_with_accumulation's normalization the default "batches" instead of "items"."""
LOSES = ["train_with_accumulation"]
MESSAGE = "the default of normalization is 'items'"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="batches"):
    x = np.asarray(x); labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = []
    for s in range(0, len(x), per_update):
        out = accumulated_gradient(params, x[s:s + per_update], labels[s:s + per_update], micro_batch_size, normalization)
        params = {k: params[k] - lr * out["grads"][k] for k in params}
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses, dtype=np.float64)}
