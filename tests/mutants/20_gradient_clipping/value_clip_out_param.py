"""Clamped with np.clip(g, -v, v, out=g), in place, as torch's clamp_ does."""
LOSES = ["clip_grad_value"]
MESSAGE = "clip_grad_value changed the `grads` you passed in"


def clip_grad_value(grads, clip_value):
    return [np.clip(g, -clip_value, clip_value, out=g) for g in grads]
