"""One concatenated float64 vector and np.linalg.norm(ord=p); clipping by np.minimum(np.maximum(g, -v), v)."""


def _concat(grads):
    if len(grads) == 0:
        return np.zeros(0)
    return np.concatenate([np.asarray(g, dtype=np.float64).ravel() for g in grads])


def global_grad_norm(grads, norm_type=2.0):
    v = _concat(grads)
    if v.size == 0:
        return 0.0
    return float(np.linalg.norm(v, ord=norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    alpha = np.minimum(max_norm / (total + 1e-6), 1.0)
    return [alpha * np.asarray(g, dtype=np.float64) for g in grads], total


def clip_grad_value(grads, clip_value):
    return [np.minimum(np.maximum(np.asarray(g, dtype=np.float64), -clip_value), clip_value) for g in grads]


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    norms = np.array([global_grad_norm([g], norm_type) for g in grads], dtype=np.float64)
    alphas = np.minimum(max_norm / (norms + 1e-6), 1.0)
    return [a * np.asarray(g, dtype=np.float64) for a, g in zip(alphas, grads)], norms
