"""Computed in the inputs' dtype: float32 x and grad_output give float32 output and grad_input, not float64."""
LOSES = ["fake_quantize"]
MESSAGE = "fake_quantize of float32 inputs: output has dtype float32"


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x)
    scale, zero_point = np.asarray(scale, dtype=x.dtype), np.asarray(zero_point, dtype=x.dtype)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    u = np.round(x / scale) + zero_point
    out = scale * (np.clip(u, qmin, qmax) - zero_point)
    grad = grad_output * ((u >= qmin) & (u <= qmax))
    return out, grad
