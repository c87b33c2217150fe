"""Took the gradient of the summed squared error (2 X^T r, no division by K) instead of the mean's."""
LOSES = ['inner_adapt']
MESSAGE = "the gradient is summed over the K examples"

import numpy as np


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    W = np.broadcast_to(np.asarray(w, dtype=np.float64), (T, D)).copy()
    for _ in range(steps):
        residual = np.einsum("tkd,td->tk", X, W) - y
        W = W - alpha * 2.0 * np.einsum("tkd,tk->td", X, residual)
    return W
