"""Divided by N (N + 1) / 2 pairs instead of N (N - 1) / 2 (off by one in the number of pairs i < j)."""
LOSES = ["uniform_loss"]
MESSAGE = "the sum is divided by N (N + 1) / 2"


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    f = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    i, j = np.triu_indices(n, k=1)
    s = -t * np.sum((f[i] - f[j]) ** 2, axis=-1)
    m = s.max()
    return float(m + np.log(np.sum(np.exp(s - m)) / (n * (n + 1) / 2)))
