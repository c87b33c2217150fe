"""Updated the optimizer state dict in place (state["m"] = ..., state["step"] += 1) and returned it."""
LOSES = ["adamw_step"]
MESSAGE = "adamw_step changed the `state` you passed in"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)
    g = np.asarray(grad, dtype=np.float64)
    state["step"] += 1
    t = state["step"]
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
    m_hat = state["m"] / (1 - beta1 ** t)
    v_hat = state["v"] / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), state
