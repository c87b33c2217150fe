"""Broadcast the per-channel w_scale as a column (w_scale[:, None]): it scales the rows (tokens), not the output channels; only runs when N == M."""
LOSES = ["int8_linear"]
MESSAGE = "w_scale[m] belongs to output column m"


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    x = qx.astype(np.int32) - np.int32(x_zero_point)
    acc = x @ qw.astype(np.int32).T
    ws = np.asarray(w_scale, dtype=np.float64)
    ws_b = ws[:, None] if ws.ndim else ws
    qb = np.round(np.asarray(bias) / (x_scale * ws)).astype(np.int32)
    acc = (acc + qb).astype(np.int32)
    return acc, acc * x_scale * ws_b
