"""adam_l2_step with the default weight_decay=1e-2 (AdamW's) instead of torch.optim.Adam's 0.0."""
LOSES = ["adam_l2_step"]
MESSAGE = "a default is not torch.optim.Adam's"


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = betas
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * p
    t = state["step"] + 1
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g * g
    m_hat = m / (1 - b1 ** t)
    v_hat = v / (1 - b2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "step": t}
