"""As torch.nn.utils.clip_grad_norm_ / get_total_norm compute it: the norm of the stacked per-parameter norms,
clip_coef clamped at 1 and always multiplied in."""


def _vector_norm(x, p):
    # torch.linalg.vector_norm(x, p) of the flattened array
    a = np.abs(np.asarray(x, dtype=np.float64).ravel())
    if p == np.inf:
        return a.max() if a.size else 0.0
    return np.sum(a ** p) ** (1.0 / p)


def global_grad_norm(grads, norm_type=2.0):
    norm_type = float(norm_type)
    if len(grads) == 0:
        return 0.0
    norms = np.array([_vector_norm(g, norm_type) for g in grads], dtype=np.float64)
    return float(_vector_norm(norms, norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    if len(grads) == 0:
        return [], 0.0
    total_norm = global_grad_norm(grads, norm_type)
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = min(clip_coef, 1.0)          # torch.clamp(clip_coef, max=1.0)
    return [np.asarray(g, dtype=np.float64) * clip_coef_clamped for g in grads], total_norm


def clip_grad_value(grads, clip_value):
    # torch.clamp_(p.grad, min=-clip_value, max=clip_value)
    return [np.clip(np.asarray(g, dtype=np.float64), -clip_value, clip_value) for g in grads]


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    clipped, norms = [], []
    for g in grads:                                   # clip_grad_norm_(p, max_norm, norm_type) per parameter
        out, total = clip_grad_norm([g], max_norm, norm_type)
        clipped.append(out[0])
        norms.append(total)
    return clipped, np.array(norms, dtype=np.float64).reshape(len(norms))
