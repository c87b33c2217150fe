"""Subtracted the row maximum from the logits in place (router_logits -= max), changing the caller's array."""
LOSES = ["top1_router"]
MESSAGE = "top1_router changed the `router_logits` you passed in"


def top1_router(router_logits):
    router_logits -= router_logits.max(axis=-1, keepdims=True)
    e = np.exp(router_logits)
    probs = e / e.sum(axis=-1, keepdims=True)
    expert_index = probs.argmax(axis=-1)
    return probs, expert_index, probs.max(axis=-1)
