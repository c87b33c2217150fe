"""Norms as sqrt(einsum of the squares) over the trailing axes; np.divide(where=...) for zero norms; the projection
applied only where the norm exceeds the radius; KL from explicit row log-normalisers."""


def _sq_norm(a):
    a = np.asarray(a, dtype=np.float64)
    return np.sqrt(np.einsum("ni,ni->n", a.reshape(a.shape[0], -1), a.reshape(a.shape[0], -1))) if a.size \
        else np.zeros(a.shape[0])


def _bcast(v, like):
    return v.reshape(v.shape + (1,) * (like.ndim - 1))


def fgm_perturbation(grad, eps):
    g = np.asarray(grad, dtype=np.float64)
    n = _bcast(_sq_norm(g), g)
    r = np.zeros(g.shape, dtype=np.float64)
    np.divide(eps * g, n, out=r, where=(n != 0))
    return r


def _ascend(delta, g, lr, radius):
    step = lr / np.maximum(_sq_norm(g), 1e-8)
    new = delta + _bcast(step, g) * g
    if radius is not None:
        dn = _sq_norm(new)
        over = dn > radius
        if np.any(over):
            new[over] = new[over] * _bcast(radius / dn[over], new[over])
    return new


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    delta = np.asarray(delta0, dtype=np.float64) + 0.0          # a new array
    for _ in range(steps):
        g = linear_model(embeds + delta, mask, W, b, labels)["grad_embeds"]
        delta = _ascend(delta, g, step_size, eps)
    return delta


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    X = np.asarray(embeds, dtype=np.float64)
    M = np.asarray(mask, dtype=np.float64)
    lengths = M.sum(axis=1)
    delta = (np.asarray(init_uniform, dtype=np.float64) * M[..., None]
             * (adv_init_mag / np.sqrt(lengths * X.shape[2]))[:, None, None])
    acc = {"loss": 0.0, "grad_W": np.zeros(np.shape(W)), "grad_b": np.zeros(np.shape(b))}
    for t in range(adv_steps):
        out = linear_model(X + delta, mask, W, b, labels)
        for key in acc:
            acc[key] = acc[key] + out[key] * (1.0 / adv_steps)
        if t + 1 < adv_steps:
            delta = _ascend(delta, out["grad_embeds"], adv_lr, adv_max_norm if adv_max_norm > 0 else None)
    acc["loss"] = float(acc["loss"])
    acc["delta"] = delta
    return acc


def symmetric_kl(logits_p, logits_q):
    P = np.asarray(logits_p, dtype=np.float64)
    Q = np.asarray(logits_q, dtype=np.float64)
    C = P.shape[-1]
    P = P.reshape(-1, C)
    Q = Q.reshape(-1, C)
    log_zp = P.max(axis=1) + np.log(np.exp(P - P.max(axis=1)[:, None]).sum(axis=1))
    log_zq = Q.max(axis=1) + np.log(np.exp(Q - Q.max(axis=1)[:, None]).sum(axis=1))
    logp = P - log_zp[:, None]
    logq = Q - log_zq[:, None]
    diff = np.exp(logp) - np.exp(logq)
    return float((diff * (logp - logq)).sum(axis=1).mean())
