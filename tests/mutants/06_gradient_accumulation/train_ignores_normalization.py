"""Called accumulated_gradient(p, x_u, labels_u, micro_batch_size) without passing normalization on, so every
update normalises by items even when normalization='batches' (differs once an update's micro-batches are unequal)."""
LOSES = ["train_with_accumulation"]
MESSAGE = "is not passed on"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    step = micro_batch_size * accumulation_steps
    losses = []
    for s in range(0, len(x), step):
        out = accumulated_gradient(p, x[s:s + step], labels[s:s + step], micro_batch_size)
        losses.append(out["loss"])
        p = {k: p[k] - lr * out["grads"][k] for k in p}
    return {"params": p, "losses": np.array(losses, dtype=np.float64)}
