"""Per-parameter inf-norm as np.abs(g).max(): an empty gradient array (size 0) raises ValueError."""
LOSES = ["clip_grad_norm_per_parameter"]
MESSAGE = "its norm is 0"


def clip_grad_norm_per_parameter(grads, max_norm, norm_type=2.0):
    clipped, norms = [], []
    for g in grads:
        a = np.asarray(g, dtype=np.float64)
        n = float(np.abs(a).max()) if norm_type == np.inf else float(np.sum(np.abs(a) ** norm_type) ** (1 / norm_type))
        clipped.append(a * min(max_norm / (n + 1e-6), 1.0))
        norms.append(n)
    return clipped, np.array(norms, dtype=np.float64)
