"""Kept one weight vector for the whole batch: the gradient is pooled over the tasks (right only for T = 1)."""
LOSES = ["inner_adapt"]
MESSAGE = "adapt each task on its own data"


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    w = np.asarray(w, dtype=np.float64)
    for _ in range(steps):
        residual = np.einsum("tkd,d->tk", X, w) - y
        w = w - alpha * (2.0 / K) * np.einsum("tkd,tk->d", X, residual) / T
    return np.tile(w, (T, 1))
