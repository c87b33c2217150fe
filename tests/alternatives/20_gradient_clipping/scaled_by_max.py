"""Overflow-safe norms: ||g||_p = m * (sum (|g| / m)^p)^(1/p) with m the largest |entry| (LAPACK-style scaling),
coefficients applied with np.multiply into new arrays."""


def _scaled_norm(arrays, p):
    flats = [np.abs(np.asarray(g, dtype=np.float64)).ravel() for g in arrays]
    m = max((float(f.max()) for f in flats if f.size), default=0.0)
    if m == 0.0:
        return 0.0
    if p == float("inf"):
        return m
    s = sum(float(np.sum((f / m) ** p)) for f in flats)
    return float(m * s ** (1.0 / p))


def global_grad_norm(grads, norm_type=2.0):
    return _scaled_norm(grads, norm_type)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = _scaled_norm(grads, norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    return [np.multiply(np.asarray(g, dtype=np.float64), coef) for g in grads], total


def clip_grad_value(grads, clip_value):
    return [np.asarray(g, dtype=np.float64).clip(-clip_value, clip_value) for g in grads]


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    norms = np.fromiter((_scaled_norm([g], norm_type) for g in grads), dtype=np.float64, count=len(grads))
    coefs = np.minimum(max_norm / (norms + 1e-6), 1.0)
    return [np.multiply(np.asarray(g, dtype=np.float64), c) for g, c in zip(grads, coefs.tolist())], norms
