"""As torch.ao.quantization's MinMaxObserver._calculate_qparams and the ATen fake-quantize kernels compute it,
in float64: min_val_neg = min(min_val, 0), max_val_pos = max(max_val, 0), scale = max(scale, eps),
zero_point = quant_min - round(min_val_neg / scale) clamped; per channel by moving ch_axis to the front and
flattening the rest (torch.flatten(x.transpose(0, ch_axis), start_dim=1)); quantize and fake_quantize as
the per-channel kernels do, with scale and zero point reshaped to broadcast along the axis;
int8_linear with int64 products cast back to int32 (same bits modulo 2^32).
"""

_EPS = float(np.finfo(np.float32).eps)


def choose_qparams(x, axis=None, symmetric=False, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    if axis is None:
        min_val, max_val = x.min(), x.max()
    else:
        y = np.moveaxis(x, axis, 0).reshape(x.shape[axis], -1)
        min_val, max_val = y.min(axis=1), y.max(axis=1)
    min_val_neg = np.minimum(min_val, 0.0)
    max_val_pos = np.maximum(max_val, 0.0)
    if symmetric:
        max_val_pos = np.maximum(-min_val_neg, max_val_pos)
        scale = max_val_pos / (float(qmax - qmin) / 2)
        scale = np.maximum(scale, _EPS)
        zero_point = np.zeros_like(scale, dtype=np.int64)
    else:
        scale = (max_val_pos - min_val_neg) / float(qmax - qmin)
        scale = np.maximum(scale, _EPS)
        zero_point = qmin - np.round(min_val_neg / scale).astype(np.int64)
        zero_point = np.clip(zero_point, qmin, qmax)
    if axis is None:
        return float(scale), int(zero_point)
    return np.asarray(scale, dtype=np.float64), np.asarray(zero_point, dtype=np.int64)


def _along(v, x, axis):
    v = np.asarray(v)
    if axis is None:
        return v
    shape = [1] * x.ndim
    shape[axis] = -1
    return v.reshape(shape)


def quantize(x, scale, zero_point, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s = _along(np.asarray(scale, dtype=np.float64), x, axis)
    z = _along(np.asarray(zero_point, dtype=np.float64), x, axis)
    q = np.fmin(np.fmax(z + np.rint(x / s), qmin), qmax)
    return q.astype(np.int32)


def fake_quantize(x, scale, zero_point, grad_output, axis=None, qmin=-128, qmax=127):
    x = np.asarray(x, dtype=np.float64)
    s = _along(np.asarray(scale, dtype=np.float64), x, axis)
    z = _along(np.asarray(zero_point, dtype=np.float64), x, axis)
    qval = np.rint(x / s) + z
    mask = (qval >= qmin) & (qval <= qmax)
    output = (np.clip(qval, qmin, qmax) - z) * s
    grad_input = np.where(mask, np.asarray(grad_output, dtype=np.float64), 0.0)
    return np.asarray(output, dtype=np.float64), grad_input


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    a = np.asarray(qx).astype(np.int64) - int(x_zero_point)
    w = np.asarray(qw).astype(np.int64)
    scale = x_scale * np.asarray(w_scale, dtype=np.float64)
    qb = np.round(np.asarray(bias, dtype=np.float64) / scale).astype(np.int64)
    acc = (a @ w.T + qb).astype(np.int32)
    y = acc.astype(np.float64) * x_scale * np.asarray(w_scale, dtype=np.float64)
    return acc, y
