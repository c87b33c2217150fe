"""Returned grad_output itself as grad_input when nothing is clipped (a shortcut): not a new array."""
LOSES = ["fake_quantize"]
MESSAGE = "return grad_input as a new array even when nothing is clipped"


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point, dtype=np.float64)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    u = np.round(x / scale) + zero_point
    out = scale * (np.clip(u, qmin, qmax) - zero_point)
    inside = (u >= qmin) & (u <= qmax)
    if inside.all():
        return out, grad_output
    return out, np.where(inside, grad_output, 0.0)
