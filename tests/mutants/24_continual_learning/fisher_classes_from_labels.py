"""One-hot labels built with np.eye(y.max() + 1): classes above max(y) get a zero Fisher column instead of x^2 p^2."""
LOSES = ["empirical_fisher"]
MESSAGE = "the classes above max(y) got no Fisher"


def empirical_fisher(W, X, y):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    z = X @ W
    z = z - z.max(1, keepdims=True)
    P = np.exp(z)
    P /= P.sum(1, keepdims=True)
    Y = np.eye(int(y.max()) + 1)[y]
    R = P[:, :Y.shape[1]] - Y
    F = np.zeros(W.shape)
    F[:, :Y.shape[1]] = (X ** 2).T @ (R ** 2) / len(y)
    return F
