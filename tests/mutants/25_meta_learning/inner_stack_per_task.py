"""Adapted the tasks one at a time and stacked the results: an empty batch of tasks crashes np.stack."""
LOSES = ["inner_adapt"]
MESSAGE = "an empty batch of tasks gives an empty (0, D) array"


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    K = X.shape[1]
    adapted = []
    for Xt, yt in zip(X, y):
        wt = np.asarray(w, dtype=np.float64).copy()
        for _ in range(steps):
            wt = wt - alpha * (2.0 / K) * Xt.T @ (Xt @ wt - yt)
        adapted.append(wt)
    return np.stack(adapted)
