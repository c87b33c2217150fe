"""log(mean(exp(...))) without subtracting the maximum: a large t underflows every exp to 0 and gives -inf."""
LOSES = ["uniform_loss"]
MESSAGE = "numerically unstable"


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    f = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    i, j = np.triu_indices(len(f), k=1)
    s = -t * np.sum((f[i] - f[j]) ** 2, axis=-1)
    with np.errstate(divide="ignore"):
        return float(np.log(np.mean(np.exp(s))))
