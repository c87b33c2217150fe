"""Stepped along the gradient (W + alpha * grad) instead of against it."""
LOSES = ['inner_adapt']
MESSAGE = "the step goes uphill"

import numpy as np


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    W = np.broadcast_to(np.asarray(w, dtype=np.float64), (T, D)).copy()
    for _ in range(steps):
        residual = np.einsum("tkd,td->tk", X, W) - y
        W = W + alpha * (2.0 / K) * np.einsum("tkd,tk->td", X, residual)
    return W
