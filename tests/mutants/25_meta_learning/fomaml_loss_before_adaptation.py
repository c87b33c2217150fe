"""First-order MAML's meta-loss computed at the initialisation w instead of at the adapted weights (the gradient is right)."""
LOSES = ["fomaml_meta_gradient"]
MESSAGE = "the meta-loss is evaluated at w"

import numpy as np


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_val = np.asarray(X_val, dtype=np.float64)
    y_val = np.asarray(y_val, dtype=np.float64)
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - y_val
    g = (2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, residual)
    r0 = X_val @ np.asarray(w, dtype=np.float64) - y_val
    return float((r0 ** 2).mean(axis=1).mean()), g.mean(axis=0)
