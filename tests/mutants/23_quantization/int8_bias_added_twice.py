"""Added the float bias again after the rescale: y = acc * x_scale * w_scale + bias (acc already holds it)."""
LOSES = ['int8_linear']
MESSAGE = "the bias was added twice"

import numpy as np


def int8_linear(qx, x_scale, x_zero_point, qw, w_scale, bias):
    qx = np.asarray(qx).astype(np.int32)
    qw = np.asarray(qw).astype(np.int32)
    acc_scale = x_scale * np.asarray(w_scale, dtype=np.float64) * np.ones(qw.shape[0])
    q_bias = np.round(np.asarray(bias, dtype=np.float64) / acc_scale).astype(np.int32)
    acc = (qx - np.int32(x_zero_point)) @ qw.T + q_bias
    return acc.astype(np.int32), acc * acc_scale + np.asarray(bias, dtype=np.float64)
