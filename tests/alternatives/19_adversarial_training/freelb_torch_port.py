"""As run_glue_freelb.py / the PyTorch FGM class compute it: norms of grad.view(B, -1), an exceed_mask reweighting for
the projection, torch's kl_div(batchmean) twice."""


def _norms(a):
    a = np.asarray(a, dtype=np.float64)
    return np.sqrt(np.sum(a.reshape(a.shape[0], int(np.prod(a.shape[1:], dtype=np.int64))) ** 2, axis=1))


def _view(v, ndim):
    return v.reshape((-1,) + (1,) * (ndim - 1))


def fgm_perturbation(grad, eps):
    g = np.asarray(grad, dtype=np.float64)
    norm = _norms(g)
    nonzero = (norm != 0) & ~np.isnan(norm)              # if norm != 0 and not torch.isnan(norm)
    safe = np.where(nonzero, norm, 1.0)
    return eps * g / _view(safe, g.ndim) * _view(nonzero, g.ndim)


def pgd_perturbation(embeds, mask, W, b, labels, eps, step_size, steps, delta0):
    delta = np.array(delta0, dtype=np.float64, copy=True)
    for _ in range(steps):
        delta_grad = linear_model(np.asarray(embeds, dtype=np.float64) + delta, mask, W, b, labels)["grad_embeds"]
        denorm = np.clip(_norms(delta_grad), 1e-8, None)       # torch.clamp(denorm, min=1e-8)
        delta = delta + step_size * delta_grad / _view(denorm, delta.ndim)
        delta_norm = _norms(delta)
        exceed_mask = (delta_norm > eps).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            reweights = np.where(exceed_mask > 0, eps / delta_norm, 1.0)
        delta = delta * _view(reweights, delta.ndim)
    return delta


def freelb_step(embeds, mask, W, b, labels, adv_lr, adv_max_norm, adv_steps, adv_init_mag, init_uniform):
    embeds = np.asarray(embeds, dtype=np.float64)
    input_mask = np.asarray(mask, dtype=np.float64)
    input_lengths = input_mask.sum(axis=1)
    delta = np.asarray(init_uniform, dtype=np.float64) * input_mask[:, :, None]
    dims = input_lengths * embeds.shape[-1]
    mag = adv_init_mag / np.sqrt(dims)
    delta = delta * mag.reshape(-1, 1, 1)
    total_loss = 0.0
    grad_W = np.zeros(np.shape(W), dtype=np.float64)
    grad_b = np.zeros(np.shape(b), dtype=np.float64)
    for astep in range(adv_steps):
        out = linear_model(embeds + delta, mask, W, b, labels)
        total_loss += out["loss"] / adv_steps
        grad_W = grad_W + out["grad_W"] / adv_steps
        grad_b = grad_b + out["grad_b"] / adv_steps
        if astep == adv_steps - 1:
            break
        delta_grad = out["grad_embeds"]
        denorm = np.clip(_norms(delta_grad), 1e-8, None).reshape(-1, 1, 1)
        delta = delta + adv_lr * delta_grad / denorm
        if adv_max_norm > 0:
            delta_norm = _norms(delta)
            exceed_mask = (delta_norm > adv_max_norm).astype(np.float64)
            with np.errstate(divide="ignore", invalid="ignore"):
                reweights = np.where(exceed_mask > 0, adv_max_norm / delta_norm, 1.0)
            delta = delta * reweights.reshape(-1, 1, 1)
    return {"loss": float(total_loss), "grad_W": grad_W, "grad_b": grad_b, "delta": delta}


def symmetric_kl(logits_p, logits_q):
    P = np.asarray(logits_p, dtype=np.float64)
    Q = np.asarray(logits_q, dtype=np.float64)
    C = P.shape[-1]
    P, Q = P.reshape(-1, C), Q.reshape(-1, C)

    def log_softmax(z):
        z = z - z.max(axis=-1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))

    def kl_div_batchmean(inp, target_log):
        # F.kl_div(input=log q, target=p): sum p * (log p - log q) / batch size
        target = np.exp(target_log)
        return float(np.sum(target * (target_log - inp)) / inp.shape[0])

    lp, lq = log_softmax(P), log_softmax(Q)
    return kl_div_batchmean(lq, lp) + kl_div_batchmean(lp, lq)
