"""Flattened and restored each parameter with reshape (a view of the caller's array) before the loop: an epoch
without examples returns views of the given arrays instead of new ones."""
LOSES = ["train_with_accumulation"]
MESSAGE = "shares memory with the `params['W1']` you passed in"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    per_update = micro_batch_size * accumulation_steps
    shapes = {k: np.shape(v) for k, v in params.items()}
    flat = {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in params.items()}
    losses = []
    for s in range(0, len(x), per_update):
        cur = {k: flat[k].reshape(shapes[k]) for k in flat}
        out = accumulated_gradient(cur, x[s:s + per_update], labels[s:s + per_update], micro_batch_size, normalization)
        flat = {k: flat[k] - lr * out["grads"][k].reshape(-1) for k in flat}
        losses.append(out["loss"])
    return {"params": {k: flat[k].reshape(shapes[k]) for k in flat}, "losses": np.array(losses, dtype=np.float64)}
