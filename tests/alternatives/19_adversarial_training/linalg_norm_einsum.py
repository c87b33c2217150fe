"""Per-example norms with np.linalg.norm over the flattened example, einsum rescaling, and the symmetric KL as sum (p
- q)(log p - log q) with np.logaddexp.reduce."""


def _flat_norm(a):
    a = np.asarray(a, dtype=np.float64)
    return np.linalg.norm(a.reshape(a.shape[0], -1) if a.size else np.zeros((a.shape[0], 0)), axis=1)


def fgm_perturbation(grad, eps):
    g = np.array(grad, dtype=np.float64)
    flat = g.reshape(g.shape[0], -1) if g.size else np.zeros((g.shape[0], 0))
    n = _flat_norm(g)
    scale = np.divide(eps, n, out=np.zeros_like(n), where=n > 0)
    return np.einsum("n,nk->nk", scale, flat).reshape(g.shape)


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    X = np.asarray(embeds, dtype=np.float64)
    delta = np.asarray(delta0, dtype=np.float64).copy()
    for _ in range(int(steps)):
        g = linear_model(X + delta, mask, W, b, labels)["grad_embeds"]
        delta = delta + np.einsum("n,nsd->nsd", step_size / np.maximum(_flat_norm(g), 1e-8), g)
        dn = _flat_norm(delta)
        factor = np.ones_like(dn)
        out = dn > eps
        factor[out] = eps / dn[out]
        delta = np.einsum("n,nsd->nsd", factor, delta)
    return delta


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    X = np.asarray(embeds, dtype=np.float64)
    m = np.asarray(mask, dtype=np.float64)
    d = X.shape[-1]
    scale = adv_init_mag / np.sqrt(d * m.sum(axis=1))
    delta = np.einsum("nsd,ns,n->nsd", np.asarray(init_uniform, dtype=np.float64), m, scale)
    K = int(adv_steps)
    losses, gWs, gbs = [], [], []
    for t in range(K):
        out = linear_model(X + delta, mask, W, b, labels)
        losses.append(out["loss"])
        gWs.append(out["grad_W"])
        gbs.append(out["grad_b"])
        if t < K - 1:
            g = out["grad_embeds"]
            delta = delta + np.einsum("n,nsd->nsd", adv_lr / np.maximum(_flat_norm(g), 1e-8), g)
            if adv_max_norm != 0:
                dn = _flat_norm(delta)
                delta = np.einsum("n,nsd->nsd", np.where(dn > adv_max_norm, adv_max_norm / np.maximum(dn, 1e-300), 1.0),
                                  delta)
    return {"loss": float(np.mean(losses)), "grad_W": np.mean(gWs, axis=0), "grad_b": np.mean(gbs, axis=0),
            "delta": delta}


def symmetric_kl(logits_p, logits_q):
    P = np.asarray(logits_p, dtype=np.float64)
    Q = np.asarray(logits_q, dtype=np.float64)
    logp = P - np.logaddexp.reduce(P, axis=-1, keepdims=True)
    logq = Q - np.logaddexp.reduce(Q, axis=-1, keepdims=True)
    per_row = np.sum((np.exp(logp) - np.exp(logq)) * (logp - logq), axis=-1)
    return float(np.mean(per_row))
