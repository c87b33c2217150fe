"""Per channel, reshaped the scale to broadcast along `axis` but not the zero points: they broadcast along the last axis (unseen when every zero point is 0)."""
LOSES = ["quantize"]
MESSAGE = "the zero points are applied along the last axis"


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale = np.asarray(scale, dtype=np.float64).reshape(shape)
    q = np.round(x / scale) + np.asarray(zero_point)
    return np.clip(q, qmin, qmax).astype(np.int32)
