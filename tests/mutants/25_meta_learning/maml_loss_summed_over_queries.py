"""maml_meta_gradient's meta-loss sums the squared query errors of each task (no 1/Q) before averaging over tasks; the meta-gradient is right."""
import numpy as np
LOSES = ["maml_meta_gradient"]
MESSAGE = "the meta-loss sums the squared errors over the Q="


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr, y_tr = np.asarray(X_tr, dtype=np.float64), np.asarray(y_tr, dtype=np.float64)
    X_val, y_val = np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64)
    K, Q = X_tr.shape[1], X_val.shape[1]
    Wp = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r = np.einsum("tqd,td->tq", X_val, Wp) - y_val
    loss = float(np.mean(np.sum(r ** 2, axis=1)))
    v = 2 / Q * np.einsum("tqd,tq->td", X_val, r)
    for _ in range(steps):
        v = v - alpha * 2 / K * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))
    return loss, v.mean(axis=0)
