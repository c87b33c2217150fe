"""Returned the codes as np.int8 (they fit) instead of the promised np.int32."""
LOSES = ["quantize"]
MESSAGE = "quantize(x, 0.02, 3) has dtype int8"


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    q = np.clip(np.round(x / scale) + zero_point, qmin, qmax)
    return q.astype(np.int8) if qmin >= -128 and qmax <= 127 else q.astype(np.int32)
