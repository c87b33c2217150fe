"""Divided the gradient by its norm without the 1e-8 floor: a zero gradient gives 0 / 0 = nan."""
LOSES = ["pgd_perturbation"]
MESSAGE = "a zero gradient gives a zero step"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    delta = np.array(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(embeds + delta, mask, W, b, labels)["grad_embeds"]
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))
        delta = delta + step_size * g / gn[:, None, None]
        dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))
        delta = delta * np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)[:, None, None]
    return delta
