"""Divided by sqrt(v_hat + eps**2) (eps squared inside the root, as some papers write it) instead of PyTorch's
sqrt(v_hat) + eps: the same for large gradients, different when v_hat is near eps**2."""
LOSES = ["adamw_step"]
MESSAGE = "the denominator is sqrt(v_hat + eps**2)"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)
    g = np.asarray(grad, dtype=np.float64)
    t = int(state["step"]) + 1
    m = beta1 * np.asarray(state["m"], dtype=np.float64) + (1 - beta1) * g
    v = beta2 * np.asarray(state["v"], dtype=np.float64) + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return p - lr * m_hat / np.sqrt(v_hat + eps ** 2), {"m": m, "v": v, "step": t}
