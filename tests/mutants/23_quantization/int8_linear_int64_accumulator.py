"""Accumulated in int64 (astype(np.int64), to be safe): correct values, but not the int32 accumulator promised."""
LOSES = ["int8_linear"]
MESSAGE = "the docstring promises int32"


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    acc_scale = x_scale * np.asarray(w_scale, dtype=np.float64) * np.ones(qw.shape[0])
    q_bias = np.round(bias / acc_scale).astype(np.int64)
    acc = (qx.astype(np.int64) - x_zero_point) @ qw.astype(np.int64).T + q_bias
    return acc, acc * acc_scale
