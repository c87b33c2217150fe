"""Never converted W and X to float64: float32 inputs give a float32 Fisher."""
LOSES = ["empirical_fisher"]
MESSAGE = "the docstring promises float64"


def empirical_fisher(W, X, y):
    z = X @ W
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return (X ** 2).T @ (p ** 2) / X.shape[0]
