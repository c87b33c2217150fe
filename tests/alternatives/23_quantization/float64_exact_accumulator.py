"""int8_linear with the integer products summed in float64 (exact for |acc| < 2**53, far above any int32
accumulator value) and converted to int32 at the end; quantize via dequantize-free np.floor(v + 0.5) with the
exact halves sent to the even neighbour; per-channel parameters broadcast by reshape((C,) + (1,)*k) after
swapping the axis to the front.
"""


def _round_half_even(v):
    f = np.floor(v + 0.5)
    tie = (f - v) == 0.5                         # v was exactly a half-integer: f rounded up
    odd = np.mod(f, 2) == 1
    return np.where(tie & odd, f - 1, f)


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.array(x, dtype=np.float64)
    if axis is not None:
        x = np.swapaxes(x, 0, axis).reshape(x.shape[axis], -1)
        lo, hi = x.min(axis=1), x.max(axis=1)
    else:
        lo, hi = x.min(), x.max()
    lo, hi = np.where(lo < 0, lo, 0.0), np.where(hi > 0, hi, 0.0)
    eps = 2.0 ** -23
    if symmetric:
        scale = np.maximum(np.maximum(-lo, hi) / ((qmax - qmin) / 2), eps)
        zp = np.zeros(scale.shape, dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / (qmax - qmin), eps)
        zp = np.clip(qmin - _round_half_even(lo / scale), qmin, qmax).astype(np.int64)
    if axis is None:
        return float(scale), int(zp)
    return scale, zp


def _front(x, axis):
    return x if axis is None else np.swapaxes(x, 0, axis)


def _col(p, ndim):
    p = np.asarray(p, dtype=np.float64)
    return p.reshape(p.shape + (1,) * (ndim - 1)) if p.ndim else p


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    xf = _front(x, axis)
    u = _round_half_even(xf / _col(scale, x.ndim)) + _col(zero_point, x.ndim)
    q = np.clip(u, qmin, qmax).astype(np.int32)
    return np.array(_front(q, axis))


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s, z = _col(scale, x.ndim), _col(zero_point, x.ndim)
    u = _round_half_even(_front(x, axis) / s) + z
    out = (np.clip(u, qmin, qmax) - z) * s
    keep = (qmin <= u) & (u <= qmax)
    g = _front(np.asarray(grad_output, dtype=np.float64), axis) * keep
    return np.array(_front(out, axis)), np.array(_front(g, axis))


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    xf = np.asarray(qx, dtype=np.float64) - float(x_zero_point)
    wf = np.asarray(qw, dtype=np.float64)
    sw = np.asarray(w_scale, dtype=np.float64)
    qb = np.round(np.asarray(bias, dtype=np.float64) / (x_scale * sw))
    acc = (xf @ wf.T + qb).astype(np.int64).astype(np.int32)
    y = acc * x_scale * sw
    return acc, y
