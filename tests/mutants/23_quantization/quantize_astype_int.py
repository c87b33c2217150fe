"""Converted with .astype(int), which gives int64, not the np.int32 the docstring promises."""
LOSES = ["quantize"]
MESSAGE = "the docstring promises int32"


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    return np.clip(np.round(x / scale) + zero_point, qmin, qmax).astype(int)
