"""Divided the update by accumulation_steps again (params - lr * grads / accumulation_steps), although the accumulated gradient is already normalised."""
LOSES = ["train_with_accumulation"]
MESSAGE = "the step is divided by accumulation_steps again"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    params = {name: np.array(p, dtype=np.float64) for name, p in params.items()}   # a copy
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps                 # examples per optimizer step
    losses = []
    for s in range(0, x.shape[0], per_update):                         # ceil(m / a) updates
        out = accumulated_gradient(params, x[s:s + per_update], labels[s:s + per_update],
                                   micro_batch_size, normalization)
        params = {name: params[name] - lr * out["grads"][name] / accumulation_steps for name in params}
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses)}
