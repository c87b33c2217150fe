"""Concatenated every gradient into one vector first: an empty list of gradients makes np.concatenate fail."""
LOSES = ["global_grad_norm"]
MESSAGE = "the docstring allows an empty list"


def global_grad_norm(grads, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads]).astype(np.float64)
    return float(np.linalg.norm(flat, ord=float(norm_type)))
