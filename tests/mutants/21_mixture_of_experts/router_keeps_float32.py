"""Never converted the logits: float32 logits give float32 probabilities and gates."""
LOSES = ["top1_router"]
MESSAGE = "the docstring promises float64"


def top1_router(router_logits):
    z = router_logits - router_logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=-1, keepdims=True)
    return probs, probs.argmax(axis=-1), probs.max(axis=-1)
