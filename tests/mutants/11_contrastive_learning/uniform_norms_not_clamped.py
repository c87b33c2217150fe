"""Normalised with x / |x| without the 1e-12 clamp: a zero row gives nan."""
LOSES = ["uniform_loss"]
MESSAGE = "normalise with max(norm, 1e-12)"


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        f = x / np.linalg.norm(x, axis=-1, keepdims=True)
    i, j = np.triu_indices(len(f), k=1)
    z = -t * ((f[i] - f[j]) ** 2).sum(axis=-1)
    return float(z.max() + np.log(np.mean(np.exp(z - z.max()))))
