"""Clipped without converting: float32 gradients come back as float32, not float64."""
LOSES = ["clip_grad_value"]
MESSAGE = "array 0 has dtype float32: the docstring promises float64"


def clip_grad_value(grads, clip_value):
    return [np.clip(g, -clip_value, clip_value) for g in grads]
