"""Took the per-example norm over axes (1, 2): right for (B, S, d) gradients only."""
LOSES = ["fgm_perturbation"]
MESSAGE = "grad may have any shape (B, ...)"


def fgm_perturbation(grad, eps):
    g = np.asarray(grad, dtype=np.float64)
    norm = np.sqrt((g ** 2).sum(axis=(1, 2), keepdims=True))
    return np.where(norm > 0, eps * g / np.where(norm > 0, norm, 1.0), 0.0)
