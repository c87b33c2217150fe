"""adamw_step ignores its betas argument and always uses (0.9, 0.999)."""
LOSES = ["adamw_step"]
MESSAGE = "betas is ignored"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = 0.9, 0.999
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    t = state["step"] + 1
    p = p * (1 - lr * weight_decay)
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g * g
    m_hat = m / (1 - b1 ** t)
    v_hat = v / (1 - b2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "step": t}
