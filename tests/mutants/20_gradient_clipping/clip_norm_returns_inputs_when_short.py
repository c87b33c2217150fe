"""Returns the given arrays themselves (aliases, in their own dtype) when no clipping is needed."""
LOSES = ["clip_grad_norm"]
MESSAGE = "nothing needs clipping here, but the result must still be new float64 arrays"


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    if coef == 1.0:
        return list(grads), float(total)
    return [np.asarray(g, dtype=np.float64) * coef for g in grads], float(total)
