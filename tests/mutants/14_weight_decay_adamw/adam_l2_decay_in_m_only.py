"""adam_l2_step adds the L2 term to the gradient for m but v sees the raw gradient."""
LOSES = ['adam_l2_step']
MESSAGE = "the L2 term reaches m but not v"

import numpy as np


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """One step of Adam with L2 regularisation, exactly as torch.optim.Adam(weight_decay=...).

    param, grad: float arrays of the same shape (any shape, even 0-d);
    state: dict {"m": array like param, "v": array like param, "step": int, steps taken so far}.
    Returns (new_param, new_state): a float64 array like param (whatever the float dtype given) and a
    new dict with the updated float64 moments and step = state["step"] + 1 (a Python int). Nothing
    given is modified in place.
    """
    beta1, beta2 = betas
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * p          # (...), L2 term in the gradient
    t = int(state["step"]) + 1                                         # this is step number t
    m = beta1 * np.asarray(state["m"], dtype=np.float64) + (1 - beta1) * g      # (...)
    v = beta2 * np.asarray(state["v"], dtype=np.float64) + (1 - beta2) * (g - weight_decay * p) ** 2  # (...)
    m_hat = m / (1 - beta1 ** t)                                       # bias-corrected moments
    v_hat = v / (1 - beta2 ** t)
    new_param = p - lr * m_hat / (np.sqrt(v_hat) + eps)                # eps after the square root
    return new_param, {"m": m, "v": v, "step": t}
