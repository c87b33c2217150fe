"""Took the first step before the loop and then steps - 1 more: steps=0 still takes one step."""
LOSES = ["inner_adapt"]
MESSAGE = "steps=0 returns w for every task"


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    W = np.tile(np.asarray(w, dtype=np.float64), (T, 1))
    W = W - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, np.einsum("tkd,td->tk", X, W) - y)
    for _ in range(steps - 1):
        W = W - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, np.einsum("tkd,td->tk", X, W) - y)
    return W
