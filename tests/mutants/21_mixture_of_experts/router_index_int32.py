"""Returned the expert indices as int32 (astype(np.int32)) instead of the promised int64."""
LOSES = ["top1_router"]
MESSAGE = "expert_index has dtype int32: the docstring promises int64"


def top1_router(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=-1, keepdims=True)
    idx = probs.argmax(axis=-1).astype(np.int32)
    return probs, idx, probs.max(axis=-1)
