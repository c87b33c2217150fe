"""Treats a gradient whose norm is below 1e-12 as zero: a tiny but nonzero gradient gets r = 0 instead of a perturbation of norm eps."""
LOSES = ["fgm_perturbation"]
MESSAGE = "norm is below 1e-12 got r = 0"


def fgm_perturbation(grad, eps):
    g = np.asarray(grad, dtype=np.float64)
    norm = np.sqrt((g.reshape(g.shape[0], -1) ** 2).sum(axis=1))
    norm = norm.reshape((-1,) + (1,) * (g.ndim - 1))
    safe = np.where(norm > 1e-12, norm, 1.0)
    return np.where(norm > 1e-12, eps * g / safe, 0.0)
