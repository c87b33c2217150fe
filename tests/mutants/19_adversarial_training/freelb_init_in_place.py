"""Built the initial perturbation in place on init_uniform (delta = init_uniform; delta *= ...)."""
LOSES = ["freelb_step"]
MESSAGE = "freelb_step changed the `init_uniform` you passed in"


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    m = np.asarray(mask, dtype=np.float64)
    delta = init_uniform
    delta *= m[:, :, None]
    delta *= (adv_init_mag / np.sqrt(m.sum(axis=1) * embeds.shape[-1]))[:, None, None]
    loss, grad_W, grad_b = 0.0, np.zeros(np.shape(W)), np.zeros(np.shape(b))
    for t in range(adv_steps):
        out = linear_model(embeds + delta, mask, W, b, labels)
        loss += out["loss"] / adv_steps
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
    return {"loss": float(loss), "grad_W": grad_W, "grad_b": grad_b, "delta": delta}
