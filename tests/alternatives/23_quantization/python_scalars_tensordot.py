"""Per tensor with Python scalars (float(min), float(max), Python's round(), which also rounds half to even);
per channel with np.amin/np.amax over the other axes and the parameters reshaped by np.expand_dims;
np.rint instead of np.round; int8_linear with np.tensordot on int32 arrays and the bias added in int32.
"""


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    eps = float(np.finfo(np.float32).eps)
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        m_neg = min(float(x.min()), 0.0)
        m_pos = max(float(x.max()), 0.0)
        if symmetric:
            return max(max(-m_neg, m_pos) / ((qmax - qmin) / 2), eps), 0
        s = max((m_pos - m_neg) / (qmax - qmin), eps)
        return s, int(min(max(qmin - round(m_neg / s), qmin), qmax))
    other = tuple(np.delete(np.arange(x.ndim), axis % x.ndim))
    m_neg = np.minimum(np.amin(x, axis=other), 0.0)
    m_pos = np.maximum(np.amax(x, axis=other), 0.0)
    if symmetric:
        s = np.fmax(np.fmax(-m_neg, m_pos) / ((qmax - qmin) / 2), eps)
        return s, np.zeros(s.shape, dtype=np.int32)
    s = np.fmax((m_pos - m_neg) / (qmax - qmin), eps)
    z = np.clip(qmin - np.rint(m_neg / s), qmin, qmax).astype(np.int32)
    return s, z


def _bcast(p, ndim, axis):
    p = np.asarray(p, dtype=np.float64)
    if axis is None:
        return p
    ax = axis % ndim
    return np.expand_dims(p, tuple(i for i in range(ndim) if i != ax))


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    u = np.rint(x / _bcast(scale, x.ndim, axis)) + _bcast(zero_point, x.ndim, axis)
    return np.asarray(np.clip(u, qmin, qmax)).astype(np.int32)


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s = _bcast(scale, x.ndim, axis)
    z = _bcast(zero_point, x.ndim, axis)
    u = np.rint(x / s) + z
    out = s * (np.clip(u, qmin, qmax) - z)
    g = np.where((u >= qmin) & (u <= qmax), grad_output, 0.0).astype(np.float64)
    return np.asarray(out, dtype=np.float64) + 0.0, g


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    a = np.asarray(qx).astype(np.int32)
    a = a - np.int32(x_zero_point)
    b = np.asarray(qw).astype(np.int32)
    sw = np.asarray(w_scale, dtype=np.float64)
    qb = np.rint(np.asarray(bias, dtype=np.float64) / (x_scale * sw)).astype(np.int32)
    acc = np.tensordot(a, b, axes=([1], [1])).astype(np.int32) + qb
    return acc, acc.astype(np.float64) * (x_scale * sw)
