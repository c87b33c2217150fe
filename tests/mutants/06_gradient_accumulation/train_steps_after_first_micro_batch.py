"""Stepped when i % accumulation_steps == 0 (i counting from 0): the first update holds one micro-batch,
the next ones accumulation_steps micro-batches shifted by one."""
LOSES = ["train_with_accumulation"]
MESSAGE = "the first update holds a single micro-batch"


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    x = np.asarray(x); labels = np.asarray(labels)
    b = micro_batch_size
    n_micro = -(-len(x) // b)
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = []
    start = 0
    for i in range(n_micro):
        if i % accumulation_steps == 0 or i == n_micro - 1:
            end = min((i + 1) * b, len(x))
            out = accumulated_gradient(params, x[start:end], labels[start:end], b, normalization)
            params = {k: params[k] - lr * out["grads"][k] for k in params}
            losses.append(out["loss"])
            start = end
    return {"params": params, "losses": np.array(losses, dtype=np.float64)}
