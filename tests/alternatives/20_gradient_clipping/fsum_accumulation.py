"""A loop over the parameters accumulating sum |g|^p with math.fsum (a running max for p = inf); value clipping by
np.where."""
import math


def global_grad_norm(grads, norm_type=2.0):
    p = float(norm_type)
    if math.isinf(p):
        best = 0.0
        for g in grads:
            a = np.abs(np.asarray(g, dtype=np.float64))
            if a.size:
                best = max(best, float(a.max()))
        return best
    parts = [float(np.sum(np.abs(np.asarray(g, dtype=np.float64)) ** p)) for g in grads]
    return math.fsum(parts) ** (1.0 / p)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = max_norm / (total + 1e-6)
    if coef > 1.0:
        coef = 1.0
    return [np.multiply(g, coef, dtype=np.float64) for g in grads], float(total)


def clip_grad_value(grads, clip_value):
    out = []
    for g in grads:
        a = np.asarray(g, dtype=np.float64)
        a = np.where(a > clip_value, clip_value, a)
        out.append(np.where(a < -clip_value, -clip_value, a).astype(np.float64))
    return out


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    norms = np.zeros(len(grads), dtype=np.float64)
    clipped = []
    for i, g in enumerate(grads):
        norms[i] = global_grad_norm([g], norm_type)
        clipped.append(np.asarray(g, dtype=np.float64) * min(max_norm / (norms[i] + 1e-6), 1.0))
    return clipped, norms
