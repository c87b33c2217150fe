"""Zeroed grad_output where the value is clipped, in place, and returned it as grad_input."""
LOSES = ["fake_quantize"]
MESSAGE = "fake_quantize changed the `grad_output` you passed in"


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    u = np.round(x / scale) + zero_point
    grad_output[(u < qmin) | (u > qmax)] = 0.0
    return (np.clip(u, qmin, qmax) - zero_point) * scale, grad_output
