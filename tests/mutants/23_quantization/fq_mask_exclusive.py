"""Kept the gradient only strictly inside the range (qmin < u < qmax): values that land exactly on qmin or qmax lose it."""
LOSES = ["fake_quantize"]
MESSAGE = "values that land exactly on qmin or qmax lost their gradient"


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    scale, zero_point = np.asarray(scale, dtype=np.float64), np.asarray(zero_point, dtype=np.float64)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zero_point = scale.reshape(shape), zero_point.reshape(shape)
    u = np.round(x / scale) + zero_point
    out = scale * (np.clip(u, qmin, qmax) - zero_point)
    return out, np.where((u > qmin) & (u < qmax), np.asarray(grad_output, dtype=np.float64), 0.0)
