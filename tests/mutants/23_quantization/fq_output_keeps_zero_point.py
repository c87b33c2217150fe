"""fake_quantize's output is scale * clamp(...) without subtracting the zero point back."""
LOSES = ['fake_quantize']
MESSAGE = "the zero point is not subtracted before rescaling"

import numpy as np


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale = np.asarray(scale, dtype=np.float64)
    zero_point = np.asarray(zero_point, dtype=np.int64)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    u = np.round(x / scale) + zero_point
    inside = (u >= qmin) & (u <= qmax)
    output = np.clip(u, qmin, qmax) * scale
    grad_input = np.where(inside, np.asarray(grad_output, dtype=np.float64), 0.0)
    return output, grad_input
