"""Summed g ** p without the absolute value: right for p = 2, wrong for odd or fractional p with negative entries."""
LOSES = ["global_grad_norm"]
MESSAGE = "without the absolute value"


def global_grad_norm(grads, norm_type=2.0):
    if not grads:
        return 0.0
    if norm_type == np.inf:
        return float(max((np.max(np.abs(g)) for g in grads if np.size(g)), default=0.0))
    total = sum(float(np.sum(np.asarray(g, dtype=np.float64) ** norm_type)) for g in grads)
    return float(total ** (1.0 / norm_type))
