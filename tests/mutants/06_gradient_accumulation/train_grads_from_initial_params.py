"""Computed every update's gradient at the initial parameters (accumulated_gradient called with the input params), applying the steps to a separate copy."""
LOSES = ["train_with_accumulation"]
MESSAGE = "every update's gradient is taken at the initial parameters"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    initial = params
    params = {name: np.array(p, dtype=np.float64) for name, p in params.items()}   # a copy
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps                 # examples per optimizer step
    losses = []
    for s in range(0, x.shape[0], per_update):                         # ceil(m / a) updates
        out = accumulated_gradient(initial, x[s:s + per_update], labels[s:s + per_update],
                                   micro_batch_size, normalization)
        params = {name: params[name] - lr * out["grads"][name] for name in params}
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses)}
