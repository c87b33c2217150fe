"""Computed the step in the float32 of the inputs and converted the new parameter and moments to float64 at the end."""
LOSES = ["adamw_step"]
MESSAGE = "new_param agrees with the expected values only to float32 precision"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = betas
    p, g = np.asarray(param), np.asarray(grad)
    f = p.dtype.type
    t = state["step"] + 1
    p = p * f(1 - lr * weight_decay)
    m = f(b1) * np.asarray(state["m"]).astype(p.dtype) + f(1 - b1) * g
    v = f(b2) * np.asarray(state["v"]).astype(p.dtype) + f(1 - b2) * g * g
    m_hat = m / f(1 - b1 ** t)
    v_hat = v / f(1 - b2 ** t)
    new = p - f(lr) * m_hat / (np.sqrt(v_hat) + f(eps))
    return new.astype(np.float64), {"m": m.astype(np.float64), "v": v.astype(np.float64), "step": t}
