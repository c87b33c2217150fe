"""Gave qmin the default -127 (Q8BERT's symmetric range) instead of the docstring's -128."""
LOSES = ["quantize"]
MESSAGE = "the default range is qmin=-128, qmax=127"


def quantize(x, scale, zero_point, axis=None, qmin=-127, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    return np.clip(np.round(x / scale) + zero_point, qmin, qmax).astype(np.int32)
