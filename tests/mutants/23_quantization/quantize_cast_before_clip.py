"""Converted round(x / scale) to int32 before clamping: values beyond the int32 range wrap around."""
LOSES = ["quantize"]
MESSAGE = "clamp in floating"


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    q = np.round(x / scale).astype(np.int32) + zero_point.astype(np.int32)
    return np.clip(q, qmin, qmax).astype(np.int32)
