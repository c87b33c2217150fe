"""Quantized the bias with astype(np.int32) (truncation toward 0) instead of rounding to the nearest integer."""
LOSES = ["int8_linear"]
MESSAGE = "the quantized bias is truncated toward 0"


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    sw = np.asarray(w_scale, dtype=np.float64)
    qb = (np.asarray(bias, dtype=np.float64) / (x_scale * sw)).astype(np.int32)
    acc = (qx.astype(np.int32) - np.int32(x_zero_point)) @ qw.astype(np.int32).T + qb
    acc = acc.astype(np.int32)
    return acc, acc * x_scale * sw
