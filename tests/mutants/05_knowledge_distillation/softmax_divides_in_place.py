"""Divided the caller's logits by T in place (`logits /= T`) before the softmax."""
LOSES = ["softmax_with_temperature"]
MESSAGE = "softmax_with_temperature changed the `logits` you passed in"


def softmax_with_temperature(logits, T=1.0):
    logits /= T
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
