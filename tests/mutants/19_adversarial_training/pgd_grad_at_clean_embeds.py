"""Took every step's gradient at the clean embeddings (linear_model(embeds, ...)) instead of at embeds + delta."""
LOSES = ["pgd_perturbation"]
MESSAGE = "gradient is taken at the clean embeddings"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    x = np.asarray(embeds, dtype=np.float64)
    delta = np.array(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(x, mask, W, b, labels)["grad_embeds"]
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))
        delta = delta + step_size * g / np.maximum(gn, 1e-8)[:, None, None]
        dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))
        shrink = np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)
        delta = delta * shrink[:, None, None]
    return delta
