"""Returns the losses as a Python list instead of a float64 array."""
LOSES = ["train_with_accumulation"]
MESSAGE = 'not a Python list'


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    if len(x) == 0:
        return {"params": {n: v.copy() for n, v in params.items()}, "losses": []}
    p = {n: v.copy() for n, v in params.items()}
    span = micro_batch_size * accumulation_steps
    losses = []
    for s in range(0, len(x), span):
        out = accumulated_gradient(p, x[s:s + span], labels[s:s + span], micro_batch_size, normalization)
        losses.append(out["loss"])
        p = {n: p[n] - lr * out["grads"][n] for n in p}
    return {"params": p, "losses": losses}
