"""Returned an array as given (an alias, in its own dtype) when its own norm needs no clipping."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "each must still be a float64 array"


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    clipped, norms = [], []
    for g in grads:
        n = global_grad_norm([g], norm_type)
        coef = min(max_norm / (n + 1e-6), 1.0)
        clipped.append(g if coef == 1.0 else np.asarray(g, dtype=np.float64) * coef)
        norms.append(n)
    return clipped, np.array(norms, dtype=np.float64)
