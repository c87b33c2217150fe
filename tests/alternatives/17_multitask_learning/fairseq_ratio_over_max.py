"""As fairseq's temperature_sampling (ratio ** (1 / temp), then normalised), with the ratio taken to the largest task
so nothing over- or underflows."""


def task_sampling_probs(sizes, T=1.0):
    n = np.array(sizes, dtype=np.float64)
    ratio = n / n.max()                      # in [0, 1], the largest task is exactly 1
    weights = ratio ** (1.0 / T)             # 0 ** (1/T) = 0 for empty tasks
    return weights / weights.sum()


def sample_task_schedule(sizes, T, uniforms):
    # numpy's Generator.choice: cdf = p.cumsum(); cdf /= cdf[-1]; cdf.searchsorted(u, side="right")
    cdf = task_sampling_probs(sizes, T).cumsum()
    cdf /= cdf[-1]
    return cdf.searchsorted(np.asarray(uniforms, dtype=np.float64), side="right").astype(np.int64)


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    hidden = np.asarray(hidden, dtype=np.float64)
    W = np.asarray(head["W"], dtype=np.float64)
    b = np.asarray(head["b"], dtype=np.float64)
    if task_type == "classification":
        z = np.einsum("bd,dc->bc", hidden, W) + b
        y = np.asarray(target).astype(np.int64)
        m = z.max(axis=1)
        lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
        return float(np.mean(lse - np.take_along_axis(z, y[:, None], axis=1)[:, 0]))
    if task_type == "regression":
        s = np.einsum("bd,d->b", hidden, W[:, 0]) + b[0]
        return float(np.mean((s - np.asarray(target, dtype=np.float64)) ** 2))
    r = gamma * (np.einsum("bkd,d->bk", hidden, W[:, 0]) + b[0])
    m = r.max(axis=1)
    lse = m + np.log(np.exp(r - m[:, None]).sum(axis=1))
    return float(np.mean(lse - r[:, 0]))


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {}
    total = 0.0
    for name in hiddens:
        loss = task_head_loss(hiddens[name], heads[name], task_types[name], targets.get(name), gamma=gamma)
        per_task[name] = float(loss)
        total += (1.0 if weights is None else float(weights[name])) * per_task[name]
    return {"loss": float(total), "per_task": per_task}
