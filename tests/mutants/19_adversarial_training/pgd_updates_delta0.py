"""Started from delta = delta0 and updated it with += and *=, which changes the caller's delta0."""
LOSES = ["pgd_perturbation"]
MESSAGE = "pgd_perturbation changed the `delta0` you passed in"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    delta = delta0
    for _ in range(steps):
        g = linear_model(embeds + delta, mask, W, b, labels)["grad_embeds"]
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))
        delta += step_size * g / np.maximum(gn, 1e-8)[:, None, None]
        dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))
        delta *= np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)[:, None, None]
    return delta
