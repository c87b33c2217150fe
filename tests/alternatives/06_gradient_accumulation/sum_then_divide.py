"""Summed losses and gradients first, one division by N at the end; the epoch walked as the Trainer does.

Summed losses first, one division at the end: each micro-batch's summed loss and unnormalised gradient, added up,
then divided by N (items) or weighted by 1/(k n_j) (batches); the epoch is walked micro-batch by micro-batch as the
Trainer does (step when (i + 1) % a == 0 or at the last one)."""
import copy


def masked_cross_entropy(logits, labels, ignore_index=-100):
    z = np.asarray(logits).astype(np.float64)
    lab = np.asarray(labels)
    keep = lab != ignore_index
    rows = z[keep]                                                        # (N, C)
    cls = lab[keep].astype(np.int64)
    m = rows.max(axis=1, keepdims=True) if len(rows) else np.zeros((0, 1))
    e = np.exp(rows - m)
    s = e.sum(axis=1)
    loss = np.sum(np.log(s) + m[:, 0] - rows[np.arange(len(rows)), cls])
    g = e / s[:, None]
    g[np.arange(len(rows)), cls] -= 1.0
    dlogits = np.zeros(z.shape)
    dlogits[keep] = g
    return {"loss_sum": float(loss), "num_items": int(keep.sum()), "dlogits": dlogits}


def large_batch_gradient(params, x, labels):
    logits, cache = mlp_forward(params, x)
    out = masked_cross_entropy(logits, labels)
    grads = mlp_backward(params, cache, out["dlogits"])
    inv = 1.0 / out["num_items"]
    return {"loss": float(out["loss_sum"] * inv), "grads": {k: v * inv for k, v in grads.items()}}


def accumulated_gradient(params, x, labels, micro_batch_size, normalization="items"):
    total_loss, total_items = 0.0, 0
    grads = None
    starts = range(0, len(x), micro_batch_size)
    k = len(starts)
    for s in starts:
        logits, cache = mlp_forward(params, x[s:s + micro_batch_size])
        out = masked_cross_entropy(logits, labels[s:s + micro_batch_size])
        if normalization == "items":
            w_loss, w_grad = out["loss_sum"], out["dlogits"]
        else:
            w_loss, w_grad = out["loss_sum"] / (k * out["num_items"]), out["dlogits"] / (k * out["num_items"])
        g = mlp_backward(params, cache, w_grad)
        grads = g if grads is None else {n: grads[n] + g[n] for n in g}
        total_loss += w_loss
        total_items += out["num_items"]
    if normalization == "items":
        total_loss = total_loss / total_items
        grads = {n: v / total_items for n, v in grads.items()}
    return {"loss": float(total_loss), "grads": grads}


def train_with_accumulation(params, x, labels, micro_batch_size, accumulation_steps, lr, normalization="items"):
    current = copy.deepcopy(dict(params))
    micro_starts = list(range(0, len(x), micro_batch_size))
    losses, group = [], []
    for i, s in enumerate(micro_starts):
        group.append(s)
        if (i + 1) % accumulation_steps == 0 or i + 1 == len(micro_starts):
            lo, hi = group[0], min(group[-1] + micro_batch_size, len(x))
            out = accumulated_gradient(current, x[lo:hi], labels[lo:hi], micro_batch_size, normalization)
            losses.append(out["loss"])
            current = {n: current[n] - lr * out["grads"][n] for n in current}
            group = []
    return {"params": {n: np.array(v, dtype=np.float64) for n, v in current.items()},
            "losses": np.array(losses, dtype=np.float64).reshape(-1)}
