"""Computed the softmax in the logits' own dtype (float32) and only cast the results to float64 at the end."""
LOSES = ["top1_router"]
MESSAGE = "probs agrees with the expected values only to float32 precision"


def top1_router(router_logits):
    z = np.asarray(router_logits)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=-1, keepdims=True)
    idx = probs.argmax(axis=-1)
    gate = probs.max(axis=-1)
    return probs.astype(np.float64), idx.astype(np.int64), gate.astype(np.float64)
