"""Clipped only when total_norm > max_norm (Keras style): at total_norm == max_norm torch still scales by max_norm / (total + 1e-6)."""
LOSES = ["clip_grad_norm"]
MESSAGE = "total_norm equals max_norm and nothing was scaled"


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = max_norm / (total + 1e-6) if total > max_norm else 1.0
    return [np.asarray(g, dtype=np.float64) * coef for g in grads], total
