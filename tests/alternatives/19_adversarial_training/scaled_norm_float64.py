"""Overflow- and underflow-safe norms (each example divided by its largest |entry| before squaring, as BLAS nrm2
does); projection by min(1, eps / norm)."""


def _safe_norm(a):
    """||a_n||_2 for each leading index n, never over/underflowing in the squares."""
    a = np.asarray(a, dtype=np.float64)
    axes = tuple(range(1, a.ndim))
    big = np.max(np.abs(a), axis=axes, keepdims=True) if a.size else np.zeros((a.shape[0],) + (1,) * (a.ndim - 1))
    safe_big = np.where(big > 0, big, 1.0)
    return (big * np.sqrt(np.sum((a / safe_big) ** 2, axis=axes, keepdims=True)))


def fgm_perturbation(grad, eps):
    g = np.asarray(grad).astype(np.float64)
    n = _safe_norm(g)
    return np.where(n > 0, eps * (g / np.where(n > 0, n, 1.0)), 0.0)


def _project(delta, radius):
    n = _safe_norm(delta)
    with np.errstate(divide="ignore"):
        return delta * np.minimum(1.0, radius / n)


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    delta = np.array(delta0, dtype=np.float64)
    for _ in range(steps):
        g = linear_model(embeds + delta, mask, W, b, labels)["grad_embeds"]
        delta = _project(delta + step_size * g / np.maximum(_safe_norm(g), 1e-8), eps)
    return delta


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    embeds = np.asarray(embeds, dtype=np.float64)
    m = np.asarray(mask, dtype=np.float64)[:, :, None]
    tokens = m.sum(axis=1, keepdims=True)                      # (B, 1, 1)
    delta = np.asarray(init_uniform, dtype=np.float64) * m * (adv_init_mag / np.sqrt(embeds.shape[-1] * tokens))
    loss, gW, gb = 0.0, 0.0, 0.0
    for t in range(adv_steps):
        out = linear_model(embeds + delta, mask, W, b, labels)
        loss += out["loss"]
        gW = gW + out["grad_W"]
        gb = gb + out["grad_b"]
        if t == adv_steps - 1:
            break
        g = out["grad_embeds"]
        delta = delta + adv_lr * g / np.maximum(_safe_norm(g), 1e-8)
        if adv_max_norm > 0:
            delta = _project(delta, adv_max_norm)
    return {"loss": float(loss / adv_steps), "grad_W": np.asarray(gW / adv_steps, dtype=np.float64),
            "grad_b": np.asarray(gb / adv_steps, dtype=np.float64), "delta": delta}


def symmetric_kl(logits_p, logits_q):
    P = np.atleast_1d(np.asarray(logits_p, dtype=np.float64))
    Q = np.atleast_1d(np.asarray(logits_q, dtype=np.float64))
    lp = P - P.max(axis=-1, keepdims=True)
    lp = lp - np.log(np.sum(np.exp(lp), axis=-1, keepdims=True))
    lq = Q - Q.max(axis=-1, keepdims=True)
    lq = lq - np.log(np.sum(np.exp(lq), axis=-1, keepdims=True))
    p, q = np.exp(lp), np.exp(lq)
    kl_pq = np.sum(p * (lp - lq), axis=-1)
    kl_qp = np.sum(q * (lq - lp), axis=-1)
    rows = P.size // P.shape[-1]
    return float(np.sum(kl_pq + kl_qp) / rows)
