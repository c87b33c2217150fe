"""inner_adapt divides each task's gradient by T*K (all examples of the batch) instead of the task's own K: the gradient is 1/T of the expected one."""
import numpy as np
LOSES = ["inner_adapt"]
MESSAGE = "normalise each task's gradient by its own K examples"


def inner_adapt(w, X, y, alpha, steps=1):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    T, K, D = X.shape
    W = np.tile(np.asarray(w, dtype=np.float64), (T, 1))
    for _ in range(steps):
        r = np.einsum("tkd,td->tk", X, W) - y
        W = W - alpha * 2 / max(T * K, 1) * np.einsum("tkd,tk->td", X, r)
    return W
