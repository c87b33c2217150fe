"""Built the Fisher as (R**2).T @ X**2 / N, shape (C, D): the transpose, unnoticed when D == C."""
LOSES = ["empirical_fisher"]
MESSAGE = "it looks transposed"


def empirical_fisher(W, X, y):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    z = X @ W
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    r = p.copy()
    r[np.arange(len(y)), y] -= 1.0
    return (r ** 2).T @ (X ** 2) / X.shape[0]
