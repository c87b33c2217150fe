"""pgd_perturbation steps against the gradient (delta -= ...): it decreases the loss instead of increasing it."""
LOSES = ["pgd_perturbation"]
MESSAGE = "the steps go downhill"


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    """PGD in the L2 ball of radius eps around the embeddings, for linear_model.

    embeds: (B, S, d); mask: (B, S); W: (d, C); b: (C,); labels: (B,) ints; eps, step_size: floats > 0;
    steps: int >= 0; delta0: (B, S, d) starting perturbation.
    Each step: g = grad_embeds at embeds + delta; delta += step_size * g / max(||g_n||, 1e-8) per example;
    then every example whose ||delta_n|| > eps is rescaled to norm eps (a zero gradient gives a zero step).
    Returns delta, (B, S, d) float64, a new array (delta0 is not modified).
    """
    x = np.asarray(embeds, dtype=np.float64)
    delta = np.array(delta0, dtype=np.float64)                                  # (B, S, d)
    for _ in range(steps):
        g = linear_model(x + delta, mask, W, b, labels)["grad_embeds"]          # (B, S, d)
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))                  # (B,)
        delta = delta - step_size * g / np.maximum(gn, 1e-8)[:, None, None]
        dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))          # (B,)
        shrink = np.where(dn > eps, eps / np.where(dn > 0, dn, 1.0), 1.0)       # (B,)
        delta = delta * shrink[:, None, None]
    return delta

