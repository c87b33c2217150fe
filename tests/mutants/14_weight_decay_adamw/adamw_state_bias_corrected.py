"""adamw_step stores the bias-corrected moments m_hat, v_hat in the new state instead of m, v."""
LOSES = ['adamw_step']
MESSAGE = "it holds the bias-corrected m_hat"

import numpy as np


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    """One step of AdamW (decoupled weight decay), exactly as torch.optim.AdamW.

    param, grad: float arrays of the same shape (any shape, even 0-d);
    state: dict {"m": array like param, "v": array like param, "step": int, steps taken so far}.
    Returns (new_param, new_state): a float64 array like param (whatever the float dtype given) and a
    new dict with the updated float64 moments and step = state["step"] + 1 (a Python int). Nothing
    given is modified in place.
    """
    beta1, beta2 = betas
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)  # (...), decay first, on the weights
    g = np.asarray(grad, dtype=np.float64)                             # (...), the raw gradient
    t = int(state["step"]) + 1
    m = beta1 * np.asarray(state["m"], dtype=np.float64) + (1 - beta1) * g      # (...)
    v = beta2 * np.asarray(state["v"], dtype=np.float64) + (1 - beta2) * g * g  # (...)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    new_param = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_param, {"m": m_hat, "v": v_hat, "step": t}
