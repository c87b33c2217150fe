"""Sent every token to its expert, ignoring the capacity limit (no token is ever dropped)."""
LOSES = ['switch_layer']
MESSAGE = "no token is dropped"

import numpy as np


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    probs, expert_index, gate = top1_router(x @ w_router)
    out = np.zeros_like(x)
    for i in range(w_router.shape[1]):
        sel = expert_index == i
        h = np.maximum(x[sel] @ w_in[i], 0.0)
        out[sel] = gate[sel][:, None] * (h @ w_out[i])
    return x + out
