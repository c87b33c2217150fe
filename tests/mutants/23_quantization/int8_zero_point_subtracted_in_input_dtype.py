"""Subtracted the zero point in qx's own int8/uint8 dtype and only then cast to int32: the difference wraps around."""
LOSES = ["int8_linear"]
MESSAGE = "wraps around: convert qx to np.int32 BEFORE subtracting the zero point"


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    sw = np.asarray(w_scale, dtype=np.float64)
    qb = np.round(np.asarray(bias, dtype=np.float64) / (x_scale * sw)).astype(np.int32)
    qx = np.asarray(qx)
    with np.errstate(over="ignore"):
        d = (qx - np.asarray(x_zero_point).astype(qx.dtype)).astype(np.int32)
    acc = (d @ np.asarray(qw).astype(np.int32).T + qb).astype(np.int32)
    return acc, acc * x_scale * sw
