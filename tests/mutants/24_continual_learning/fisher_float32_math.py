"""Computed in the inputs' dtype and cast the result to float64 at the end: float32 inputs give a float32-accurate Fisher."""
LOSES = ["empirical_fisher"]
MESSAGE = "only float32-accurate"


def empirical_fisher(W, X, y):
    W = np.asarray(W)
    X = np.asarray(X)
    z = X @ W
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    r = p.copy()
    r[np.arange(len(y)), y] -= 1
    return ((X ** 2).T @ (r ** 2) / X.shape[0]).astype(np.float64)
