"""AdamW as the decay factor followed by an Adam step without L2 (adamw_step calls adam_l2_step), the
update as (lr / (1 - beta1^t)) * m / (sqrt(v / (1 - beta2^t)) + eps); the trajectory preallocated;
names matched with str methods."""


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    param = np.asarray(param, dtype=np.float64)
    grad = np.asarray(grad, dtype=np.float64)
    if weight_decay:
        grad = grad + weight_decay * param
    step = state["step"] + 1
    exp_avg = np.asarray(state["m"], dtype=np.float64) * beta1 + grad * (1 - beta1)
    exp_avg_sq = np.asarray(state["v"], dtype=np.float64) * beta2 + np.square(grad) * (1 - beta2)
    step_size = lr / (1 - beta1 ** step)
    denom = np.sqrt(exp_avg_sq / (1 - beta2 ** step)) + eps
    new = np.array(param - step_size * exp_avg / denom, dtype=np.float64)
    return new, {"m": exp_avg, "v": exp_avg_sq, "step": int(step)}


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    decayed = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)
    return adam_l2_step(decayed, grad, state, lr=lr, betas=betas, eps=eps, weight_decay=0.0)


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True,
                    betas=(0.9, 0.999), eps=1e-8):
    p0 = np.asarray(p0, dtype=np.float64)
    noise = np.asarray(noise, dtype=np.float64)
    T = len(noise)
    out = np.zeros((T + 1,) + np.shape(p0))
    out[0] = p0
    state = init_state(p0)
    step = adamw_step if decoupled else adam_l2_step
    for t in range(T):
        g = np.multiply(h, out[t] - c) + noise[t]
        p, state = step(out[t], g, state, lr, betas, eps, weight_decay)
        out[t + 1] = p
    return out


def decay_parameter_groups(names):
    def exempt(name):
        for comp in name.lower().split("."):
            if "bias" in comp or "layernorm" in comp or "rmsnorm" in comp:
                return True
            if comp == "norm" or comp.endswith("_norm"):
                return True
        return False
    flags = [exempt(n) for n in names]
    return {"decay": [n for n, f in zip(names, flags) if not f],
            "no_decay": [n for n, f in zip(names, flags) if f]}
