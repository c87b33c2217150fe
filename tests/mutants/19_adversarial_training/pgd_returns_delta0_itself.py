"""With steps = 0 returns delta0 itself (the input object, in its own dtype) instead of a new float64 array."""
LOSES = ["pgd_perturbation"]
MESSAGE = "return a new float64 array"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    if steps == 0:
        return delta0
    X = np.asarray(embeds, dtype=np.float64)
    delta = np.array(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(X + delta, mask, W, b, labels)["grad_embeds"]
        gn = np.sqrt((g ** 2).sum(axis=(1, 2)))[:, None, None]
        delta = delta + step_size * g / np.maximum(gn, 1e-8)
        dn = np.sqrt((delta ** 2).sum(axis=(1, 2)))[:, None, None]
        delta = np.where(dn > eps, delta * eps / np.where(dn > 0, dn, 1.0), delta)
    return delta
