"""Returned np.linalg.norm's NumPy float64 instead of a Python float."""
LOSES = ["global_grad_norm"]
MESSAGE = "the docstring promises a Python float"


def global_grad_norm(grads, norm_type=2.0):
    if not grads:
        return 0.0
    norms = np.array([np.linalg.norm(np.ravel(g).astype(np.float64), ord=float(norm_type)) for g in grads])
    return np.linalg.norm(norms, ord=float(norm_type))
