"""Normalised the embeddings in place (`x /= norm`), which rescales the caller's array."""
LOSES = ["uniform_loss"]
MESSAGE = "uniform_loss changed the `x` you passed in"


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    i, j = np.triu_indices(len(x), k=1)
    z = -t * ((x[i] - x[j]) ** 2).sum(axis=-1)
    return float(z.max() + np.log(np.mean(np.exp(z - z.max()))))
