"""Computed the gradient mask of fake_quantize from round(x / scale) in [qmin, qmax], forgetting to add the zero point (the forward pass is right)."""
import numpy as np
LOSES = ["fake_quantize"]
MESSAGE = "the gradient mask forgets the zero point"


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s, z = np.asarray(scale, dtype=np.float64), np.asarray(zero_point, dtype=np.float64)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        s, z = s.reshape(shape), z.reshape(shape)
    r = np.round(x / s)
    out = s * (np.clip(r + z, qmin, qmax) - z)
    g = np.where((r >= qmin) & (r <= qmax), np.asarray(grad_output, dtype=np.float64), 0.0)
    return out, g
