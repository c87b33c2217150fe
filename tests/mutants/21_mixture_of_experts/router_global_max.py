"""Shifted the logits by the maximum of the whole array instead of each token's: a token far below it underflows to 0/0."""
LOSES = ['top1_router']
MESSAGE = "shifted by the largest logit of the whole array"

import numpy as np


def top1_router(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    e = np.exp(z - z.max()) if z.size else z.copy()
    with np.errstate(invalid="ignore"):
        probs = e / e.sum(axis=-1, keepdims=True)
    expert_index = np.argmax(z, axis=-1).astype(np.int64)
    gate = np.take_along_axis(probs, expert_index[..., None], axis=-1)[..., 0]
    return probs, expert_index, gate
