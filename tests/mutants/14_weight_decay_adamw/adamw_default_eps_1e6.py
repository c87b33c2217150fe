"""adamw_step with the default eps=1e-6 (transformers.AdamW, BERT) instead of torch.optim.AdamW's 1e-8."""
LOSES = ["adamw_step"]
MESSAGE = "torch.optim.AdamW's default is eps=1e-8"


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-6, weight_decay=1e-2):
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)
    g = np.asarray(grad, dtype=np.float64)
    b1, b2 = betas
    t = state["step"] + 1
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g * g
    mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return p - lr * mh / (np.sqrt(vh) + eps), {"m": m, "v": v, "step": t}
