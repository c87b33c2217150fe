"""Starts from np.asarray(delta0, dtype=np.float64), which is delta0 itself for a float64 delta0;
the steps make new arrays, so delta0 is never changed, but with steps=0 it is returned itself."""
LOSES = ["pgd_perturbation"]
MESSAGE = "the result is the `delta0` you passed in, not a new object"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    x = np.asarray(embeds, dtype=np.float64)
    delta = np.asarray(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(x + delta, mask, W, b, labels)["grad_embeds"]
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))
        delta = delta + step_size * g / np.maximum(gn, 1e-8)[:, None, None]
        dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))
        shrink = np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)
        delta = delta * shrink[:, None, None]
    return delta
