"""Returned m + np.log(np.mean(...)) itself: a numpy.float64 instead of the Python float the docstring promises."""
LOSES = ["uniform_loss"]
MESSAGE = "must be a Python float"


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    f = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    i, j = np.triu_indices(len(f), k=1)
    z = -t * ((f[i] - f[j]) ** 2).sum(axis=-1)
    m = z.max()
    return m + np.log(np.mean(np.exp(z - m)))
