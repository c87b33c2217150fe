"""Starts every task from np.broadcast_to(w, (T, D)) without a copy: with steps=0 the result is a
read-only view of w."""
LOSES = ["inner_adapt"]
MESSAGE = "the result shares memory with the `w` you passed in (a view of it, not a copy); the result is a read-only"


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    W = np.broadcast_to(np.asarray(w, dtype=np.float64), (T, D))
    for _ in range(steps):
        residual = np.einsum("tkd,td->tk", X, W) - y
        W = W - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, residual)
    return W
