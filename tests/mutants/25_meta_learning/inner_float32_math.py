"""Adapted in the inputs' dtype and only cast the result to float64: float32 inputs give float32-accurate weights."""
LOSES = ["inner_adapt"]
MESSAGE = "only float32-accurate"


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X)
    T, K, D = X.shape
    W = np.tile(np.asarray(w), (T, 1))
    for _ in range(steps):
        r = np.einsum("tkd,td->tk", X, W) - y
        W = W - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, r).astype(W.dtype)
    return W.astype(np.float64)
