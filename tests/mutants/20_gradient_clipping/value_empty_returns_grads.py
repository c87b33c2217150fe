"""For [] returned the given (empty) list itself instead of a new list."""
LOSES = ["clip_grad_value"]
MESSAGE = "[] gives a new empty list"


def clip_grad_value(grads, clip_value):
    if len(grads) == 0:
        return grads
    return [np.clip(np.asarray(g, dtype=np.float64), -clip_value, clip_value) for g in grads]
