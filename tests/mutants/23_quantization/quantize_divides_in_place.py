"""Divided x by the scale in place (x /= scale) before rounding."""
LOSES = ["quantize"]
MESSAGE = "quantize changed the `x` you passed in"


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    x /= scale
    return np.clip(np.round(x) + zero_point, qmin, qmax).astype(np.int32)
