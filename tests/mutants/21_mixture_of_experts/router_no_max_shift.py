"""Softmax as exp(z) / sum(exp(z)) without subtracting the row maximum: large logits overflow to nan."""
LOSES = ['top1_router']
MESSAGE = "exp(800) overflows"

import numpy as np


def top1_router(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        probs = e / e.sum(axis=-1, keepdims=True)
    expert_index = np.argmax(z, axis=-1).astype(np.int64)
    gate = np.take_along_axis(probs, expert_index[..., None], axis=-1)[..., 0]
    return probs, expert_index, gate
