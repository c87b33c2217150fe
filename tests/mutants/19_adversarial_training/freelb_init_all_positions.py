"""Scaled the initial perturbation by adv_init_mag / sqrt(d * S) (all positions) instead of sqrt(d * tokens_n)."""
LOSES = ["freelb_step"]
MESSAGE = "scaled by adv_init_mag / sqrt(d * S), all positions"


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    x = np.asarray(embeds, dtype=np.float64)
    m = np.asarray(mask, dtype=np.float64)
    delta = np.asarray(init_uniform, dtype=np.float64) * m[:, :, None] * adv_init_mag / np.sqrt(x.shape[1] * x.shape[2])
    loss, grad_W, grad_b = 0.0, np.zeros(np.shape(W)), np.zeros(np.shape(b))
    for t in range(adv_steps):
        out = linear_model(x + delta, mask, W, b, labels)
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
