"""Returned the int 0 for an empty list of gradients instead of the Python float 0.0."""
LOSES = ["global_grad_norm"]
MESSAGE = "not the int 0"


def global_grad_norm(grads, norm_type=2.0):
    if not grads:
        return 0
    flat = np.concatenate([np.ravel(g) for g in grads]).astype(np.float64)
    if flat.size == 0:
        return 0.0
    return float(np.linalg.norm(flat, ord=float(norm_type)))
