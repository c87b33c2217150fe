"""Built the support Hessian as X^T X / K, without the 2 of the MSE's second derivative (the inner step itself is right)."""
LOSES = ['maml_meta_gradient']
MESSAGE = "the Hessian is half the expected one"

import numpy as np


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    X_val = np.asarray(X_val, dtype=np.float64)
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - np.asarray(y_val, dtype=np.float64)
    losses = (residual ** 2).mean(axis=1)
    g = (2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, residual)
    H = (1.0 / X_tr.shape[1]) * np.einsum("tkd,tke->tde", X_tr, X_tr)
    for _ in range(steps):
        g = g - alpha * np.einsum("tde,te->td", H, g)
    return float(losses.mean()), g.mean(axis=0)
