"""Rescaled in float32 as PyTorch does (acc.astype(np.float32) * ...): y is float32, not the promised float64."""
LOSES = ["int8_linear"]
MESSAGE = "y of int8_linear has dtype float32"


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    x = qx.astype(np.int32) - np.int32(x_zero_point)
    acc = x @ qw.astype(np.int32).T
    ws = np.asarray(w_scale, dtype=np.float64)
    qb = np.round(np.asarray(bias) / (x_scale * ws)).astype(np.int32)
    acc = (acc + qb).astype(np.int32)
    return acc, acc.astype(np.float32) * np.float32(x_scale) * ws.astype(np.float32)
