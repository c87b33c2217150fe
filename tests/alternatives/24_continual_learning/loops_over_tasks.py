"""Python loops over the few tasks (continual_metrics) and the few classes (empirical_fisher: one column of
F per class), never over examples or stream items; the softmax normalised with scipy-style
exp(z - max) / sum; the penalty via the gradient's dot product; the reservoir with np.searchsorted on the
sorted (slot * n + item) keys (the last key of each slot's range).
"""


def empirical_fisher(W, X, y):
    X = np.asarray(X, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    y = np.asarray(y)
    z = X @ W
    z = z - z.max(axis=1, keepdims=True)
    P = np.exp(z)
    P /= P.sum(axis=1, keepdims=True)
    N, C = P.shape
    F = np.empty((X.shape[1], C))
    X2 = X ** 2
    for c in range(C):
        r_c = P[:, c] - (y == c)
        F[:, c] = X2.T @ (r_c ** 2) / N
    return F


def ewc_penalty(theta, theta_star, fisher, lam):
    theta = np.asarray(theta, dtype=np.float64)
    d = theta - theta_star
    g = np.asarray(lam * (np.asarray(fisher, dtype=np.float64) * d), dtype=np.float64)
    return float(np.sum(g * d) / 2), g


def reservoir_sample(n_items, capacity, draws):
    size = min(n_items, capacity)
    buf = np.arange(size, dtype=np.int64)
    d = np.asarray(draws, dtype=np.int64)
    items = np.arange(capacity, n_items, dtype=np.int64)
    slots = d[capacity:n_items]
    keep = slots < capacity
    key = np.sort(slots[keep] * n_items + items[keep])             # sorted by slot, then item
    # for each slot, the last key below (slot + 1) * n_items
    ends = np.searchsorted(key, (np.arange(size) + 1) * n_items, side="left")
    starts = np.searchsorted(key, np.arange(size) * n_items, side="left")
    has = ends > starts
    buf[has] = key[ends[has] - 1] - np.arange(size)[has] * n_items
    return buf


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    avg = float(np.mean(R[-1]))
    if T == 1:
        return {"average_accuracy": avg, "forgetting": 0.0, "backward_transfer": 0.0}
    bwt, forget = 0.0, 0.0
    for j in range(T - 1):
        bwt += R[T - 1, j] - R[j, j]
        forget += max(R[j:T - 1, j]) - R[T - 1, j]
    return {"average_accuracy": avg, "forgetting": float(forget / (T - 1)), "backward_transfer": float(bwt / (T - 1))}
