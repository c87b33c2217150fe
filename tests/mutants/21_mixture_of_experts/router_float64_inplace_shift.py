"""Converted with np.asarray(router_logits, dtype=np.float64) and shifted it in place: a float64 caller's logits change."""
LOSES = ["top1_router"]
MESSAGE = "top1_router changed the `router_logits` you passed in"


def top1_router(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=-1, keepdims=True)
    idx = probs.argmax(axis=-1)
    gate = np.take_along_axis(probs, idx[..., None], axis=-1)[..., 0]
    return probs, idx, gate
