"""Left eps out of the denominator: a zero gradient on a fresh state gives 0 / 0."""
LOSES = ["adamw_step"]
MESSAGE = "eps is left out"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)
    g = np.asarray(grad, dtype=np.float64)
    t = state["step"] + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    v = beta2 * state["v"] + (1 - beta2) * g * g
    return p - lr * (m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t)), {"m": m, "v": v, "step": t}
