"""Copies the parameters only when it updates them: an epoch without examples returns the dict it
was given (np.asarray of float64 arrays copies nothing, and `params = {... - lr * ...}` makes new
ones only in the loop)."""
LOSES = ["train_with_accumulation"]
MESSAGE = "the result['params'] is the `params` you passed in, not a new object"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps
    losses = []
    for s in range(0, x.shape[0], per_update):
        out = accumulated_gradient(params, x[s:s + per_update], labels[s:s + per_update],
                                   micro_batch_size, normalization)
        params = {name: np.asarray(params[name], dtype=np.float64) - lr * out["grads"][name] for name in params}
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses, dtype=np.float64)}
