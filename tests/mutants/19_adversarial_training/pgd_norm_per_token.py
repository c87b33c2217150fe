"""Normalised the step and projected per token (norm over the last axis d) instead of per example."""
LOSES = ["pgd_perturbation"]
MESSAGE = "normalised and projected per token"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    x = np.asarray(embeds, dtype=np.float64)
    delta = np.array(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(x + delta, mask, W, b, labels)["grad_embeds"]
        gn = np.linalg.norm(g, axis=-1, keepdims=True)
        delta = delta + step_size * g / np.maximum(gn, 1e-8)
        dn = np.linalg.norm(delta, axis=-1, keepdims=True)
        delta = delta * np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)
    return delta
