"""Clamps only the arrays that have a value outside the range, and returns the others as given."""
LOSES = ["clip_grad_value"]
MESSAGE = "the result[0] is the `grads[0]` you passed in, not a new object"


def clip_grad_value(grads, clip_value):
    out = []
    for g in grads:
        g = np.asarray(g, dtype=np.float64)
        out.append(g if np.all(np.abs(g) <= clip_value) else np.clip(g, -clip_value, clip_value))
    return out
