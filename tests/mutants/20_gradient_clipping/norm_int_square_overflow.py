"""Fast path for p = 2 squares the raw arrays (g * g) in their own dtype: int8 gradients overflow."""
LOSES = ["global_grad_norm"]
MESSAGE = "squared in int8 and overflowed"


def global_grad_norm(grads, norm_type=2.0):
    if len(grads) == 0:
        return 0.0
    if norm_type == np.inf:
        return float(max((np.max(np.abs(g)) for g in grads if np.size(g)), default=0.0))
    if norm_type == 2:
        return float(np.sqrt(sum(float(np.sum(np.asarray(g) * np.asarray(g))) for g in grads)))
    total = sum(float(np.sum(np.abs(np.asarray(g, dtype=np.float64)) ** norm_type)) for g in grads)
    return float(total ** (1.0 / norm_type))
