"""Applied the ReLU after the second matrix (relu(x @ w_in @ w_out)) instead of between the two."""
LOSES = ['switch_layer']
MESSAGE = "the ReLU is applied after w_out"

import numpy as np


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    probs, expert_index, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(expert_index, w_router.shape[1], capacity_factor)
    out = np.zeros_like(x)
    for i in range(w_router.shape[1]):
        sel = mask[..., i] > 0
        out[sel] = gate[sel][:, None] * np.maximum((x[sel] @ w_in[i]) @ w_out[i], 0.0)
    return x + out
