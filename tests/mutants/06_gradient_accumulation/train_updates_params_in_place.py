"""Copied the dict with dict(params) and stepped with `params[k] -= lr * g`: the caller's arrays change."""
LOSES = ["train_with_accumulation"]
MESSAGE = "train_with_accumulation changed the `params` you passed in"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    params = dict(params)
    per_update = micro_batch_size * accumulation_steps
    losses = []
    for s in range(0, len(x), per_update):
        out = accumulated_gradient(params, x[s:s + per_update], labels[s:s + per_update], micro_batch_size,
                                   normalization)
        for k in params:
            params[k] -= lr * out["grads"][k]
        losses.append(out["loss"])
    return {"params": params, "losses": np.array(losses)}
