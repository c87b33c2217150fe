"""Stacked the per-array norms with np.stack, which refuses an empty list of gradients."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "no parameters give ([], an empty"


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    norms = np.stack([np.linalg.norm(np.ravel(g).astype(np.float64), ord=float(norm_type)) for g in grads])
    coefs = np.minimum(max_norm / (norms + 1e-6), 1.0)
    return [np.asarray(g, dtype=np.float64) * c for g, c in zip(grads, coefs)], norms
