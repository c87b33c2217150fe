"""Softmax from np.logaddexp.reduce (log-softmax, then exp), F as einsum("nd,nc->dc", X**2, R**2) / N;
the penalty with np.einsum over flattened arrays; the reservoir by a stable lexsort of (item, slot) and
the last entry of each slot's run; the metrics written with explicit sums over index arrays.
"""


def empirical_fisher(W, X, y):
    X = np.asarray(X).astype(np.float64)
    logits = X @ np.asarray(W).astype(np.float64)
    log_p = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
    onehot = np.arange(logits.shape[1])[None, :] == np.asarray(y)[:, None]
    R = np.exp(log_p) - onehot
    return np.einsum("nd,nc->dc", X ** 2, R ** 2) / len(X)


def ewc_penalty(theta, theta_star, fisher, lam):
    t = np.asarray(theta, dtype=np.float64)
    d = t - np.asarray(theta_star, dtype=np.float64)
    F = np.asarray(fisher, dtype=np.float64)
    penalty = lam / 2 * np.einsum("i,i,i->", F.ravel(), d.ravel(), d.ravel())
    grad = lam * F * d
    return float(penalty), np.array(grad, dtype=np.float64, ndmin=0).reshape(t.shape)


def reservoir_sample(n_items, capacity, draws):
    k = min(n_items, capacity)
    out = np.arange(k, dtype=np.int64)
    if n_items <= capacity:
        return out
    d = np.asarray(list(draws) if not isinstance(draws, np.ndarray) else draws, dtype=np.int64)
    item = np.arange(capacity, n_items)
    slot = d[capacity:n_items]
    ok = slot < capacity
    item, slot = item[ok], slot[ok]
    order = np.lexsort((item, slot))                                # by slot, then by item
    item, slot = item[order], slot[order]
    last = np.ones(slot.size, dtype=bool)
    last[:-1] = slot[1:] != slot[:-1]
    out[slot[last]] = item[last]
    return out


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64).reshape(len(R), -1)
    T = R.shape[0]
    result = {"average_accuracy": float(R[T - 1].sum() / T), "forgetting": 0.0, "backward_transfer": 0.0}
    if T > 1:
        j = np.arange(T - 1)
        result["backward_transfer"] = float(np.sum(R[T - 1, j] - R[j, j]) / (T - 1))
        stage = np.arange(T - 1)[:, None]
        best = np.max(np.where(stage >= j[None, :], R[:-1, :-1], -np.inf), axis=0)
        result["forgetting"] = float(np.sum(best - R[T - 1, j]) / (T - 1))
    return result
