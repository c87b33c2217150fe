"""fgm_perturbation computes in the gradient's dtype: a float32 grad gives a float32 result."""
LOSES = ["fgm_perturbation"]
MESSAGE = "fgm_perturbation of a float32 grad has dtype float32"


def fgm_perturbation(grad, eps):
    """FGM: r_n = eps * g_n / ||g_n||_2 for each example n (norm over all its non-batch axes).

    grad: float array of shape (B, ...) (e.g. (B, S, d), the loss gradient w.r.t. the embeddings);
    any number of axes after the batch axis, any float dtype; eps: float > 0. Returns a float64 array of the
    same shape; examples whose gradient is all zero get r_n = 0. grad itself is not modified.
    """
    g = np.asarray(grad)
    norm = np.sqrt((g.reshape(g.shape[0], -1) ** 2).sum(axis=1))            # (B,)
    scale = np.where(norm > 0, eps / np.where(norm > 0, norm, 1.0), 0.0)     # (B,), 0 for zero gradients
    return g * scale.reshape((-1,) + (1,) * (g.ndim - 1))                   # (B, ...)

