"""adam_l2_step in TensorFlow's form: lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), eps added before the bias correction."""
LOSES = ["adam_l2_step"]
MESSAGE = "eps is added to sqrt(v) before the bias correction"


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * p
    b1, b2 = betas
    t = state["step"] + 1
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g * g
    lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    return p - lr_t * m / (np.sqrt(v) + eps), {"m": m, "v": v, "step": t}
