"""Copied w with np.tile and never converted to float64: float32 inputs give a float32 result."""
LOSES = ["inner_adapt"]
MESSAGE = "inner_adapt with float32 inputs has dtype float32: the docstring promises float64"


def inner_adapt(w, X, y, alpha, steps=1):
    T, K, D = X.shape
    W = np.tile(w, (T, 1))
    for _ in range(steps):
        residual = np.einsum("tkd,td->tk", X, W) - y
        W = W - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, residual)
    return W
