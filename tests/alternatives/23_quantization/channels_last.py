"""Channel axis moved to the end (np.moveaxis) so that per-channel parameters broadcast without reshaping,
then moved back; min/max over a tuple of the other axes; affine zero point written as qmin + round(-m_- / s)
(round half to even is odd-symmetric), symmetric scale as 2 max|x| / (qmax - qmin); fake_quantize as
dequantize(quantize(x)); int8_linear with np.einsum in int32 (dtype=np.int32).
"""

_EPS = np.finfo(np.float32).eps


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        lo, hi = np.min(x, initial=0.0), np.max(x, initial=0.0)      # range extended to contain 0
    else:
        ax = axis % x.ndim
        others = tuple(i for i in range(x.ndim) if i != ax)
        lo = np.minimum(np.min(x, axis=others), 0.0)
        hi = np.maximum(np.max(x, axis=others), 0.0)
    if symmetric:
        scale = np.maximum(2.0 * np.maximum(-lo, hi) / (qmax - qmin), _EPS)
        zp = np.zeros(np.shape(scale), dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin), _EPS)
        zp = np.clip(qmin + np.round(-lo / scale), qmin, qmax).astype(np.int64)
    if axis is None:
        return float(scale), int(zp)
    return scale.astype(np.float64), zp


def _quantize_last(x_last, s, z, qmin, qmax):
    u = np.round(x_last / s) + z
    return u


def _to_last(x, axis):
    return x if axis is None else np.moveaxis(x, axis, -1)


def _from_last(y, axis):
    return y if axis is None else np.moveaxis(y, -1, axis)


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    u = _quantize_last(_to_last(x, axis), np.asarray(scale, dtype=np.float64), np.asarray(zero_point), qmin, qmax)
    q = np.minimum(np.maximum(u, qmin), qmax)
    return np.array(_from_last(q, axis), dtype=np.int32)


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s = np.asarray(scale, dtype=np.float64)
    z = np.asarray(zero_point)
    u = _from_last(_quantize_last(_to_last(x, axis), s, z, qmin, qmax), axis)
    inside = (u >= qmin) & (u <= qmax)
    q = quantize(x, scale, zero_point, axis=axis, qmin=qmin, qmax=qmax)
    out = _from_last(s * (_to_last(q, axis) - z), axis).astype(np.float64)
    grad = np.asarray(grad_output, dtype=np.float64) * inside
    return np.array(out, dtype=np.float64), np.array(grad, dtype=np.float64)


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    xs = np.asarray(qx, dtype=np.int32) - np.int32(x_zero_point)
    ws = np.asarray(qw, dtype=np.int32)
    combined = x_scale * np.asarray(w_scale, dtype=np.float64)
    q_bias = np.round(np.asarray(bias, dtype=np.float64) / combined).astype(np.int32)
    acc = np.einsum("nk,mk->nm", xs, ws, dtype=np.int32) + q_bias
    y = acc * combined
    return acc.astype(np.int32), np.asarray(y, dtype=np.float64)
