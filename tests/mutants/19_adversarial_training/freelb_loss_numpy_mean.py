"""Collected the K losses in a list and returned np.mean of it: a NumPy scalar, not a Python float."""
LOSES = ["freelb_step"]
MESSAGE = "the docstring promises a Python float"


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    m = np.asarray(mask, dtype=np.float64)
    delta = init_uniform * m[:, :, None] * (adv_init_mag / np.sqrt(m.sum(axis=1) * embeds.shape[-1]))[:, None, None]
    losses, grad_W, grad_b = [], np.zeros(np.shape(W)), np.zeros(np.shape(b))
    for t in range(adv_steps):
        out = linear_model(embeds + delta, mask, W, b, labels)
        losses.append(out["loss"])
        grad_W = grad_W + out["grad_W"] / adv_steps
        grad_b = grad_b + out["grad_b"] / adv_steps
        if t == adv_steps - 1:
            break
        g = out["grad_embeds"] / adv_steps
        gn = np.sqrt((g.reshape(len(g), -1) ** 2).sum(axis=1))
        delta = delta + adv_lr * g / np.maximum(gn, 1e-8)[:, None, None]
        if adv_max_norm > 0:
            dn = np.sqrt((delta.reshape(len(delta), -1) ** 2).sum(axis=1))
            delta = delta * np.where(dn > adv_max_norm, adv_max_norm / np.where(dn > 0, dn, 1.0), 1.0)[:, None, None]
    return {"loss": np.mean(losses), "grad_W": grad_W, "grad_b": grad_b, "delta": delta}
