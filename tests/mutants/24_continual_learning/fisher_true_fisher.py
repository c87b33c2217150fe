"""Computed the true Fisher (labels drawn from the model, E_y[(p - e_y)^2] = p(1 - p)) instead of the empirical one."""
LOSES = ["empirical_fisher"]
MESSAGE = "this is the TRUE Fisher"


def empirical_fisher(W, X, y):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    z = X @ W
    z = z - z.max(1, keepdims=True)
    P = np.exp(z)
    P /= P.sum(1, keepdims=True)
    return (X ** 2).T @ (P * (1 - P)) / X.shape[0]
