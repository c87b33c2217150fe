"""Used the distance |f(x_i) - f(x_j)| instead of its square in the exponent."""
LOSES = ["uniform_loss"]
MESSAGE = "the distances are not squared"


def uniform_loss(x, t=2.0):
    """Wang & Isola's uniformity: log of the mean over distinct pairs i < j of exp(-t |f(x_i) - f(x_j)|^2).

    x: float array of shape (N, d) with N >= 2 (not modified); t: float > 0. f = L2 normalisation with
    max(norm, 1e-12) (a zero row stays 0, never nan). Computed stably (log-mean-exp with the maximum subtracted).
    Returns a Python float in [-4 t, 0].
    """
    x = np.asarray(x, dtype=np.float64)
    f = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)    # (N, d)
    i, j = np.triu_indices(len(f), k=1)                                      # P = N (N - 1) / 2 pairs
    z = -t * np.sqrt(((f[i] - f[j]) ** 2).sum(axis=-1))                               # (P,)
    m = z.max()
    return float(m + np.log(np.mean(np.exp(z - m))))
