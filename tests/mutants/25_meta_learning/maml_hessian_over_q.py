"""Scaled the support Hessian by 2 / Q (the query size) instead of 2 / K: unseen when Q == K."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "the support Hessian is scaled by 2/Q"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr, X_val = np.asarray(X_tr, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    Q = X_val.shape[1]
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r = np.einsum("tqd,td->tq", X_val, W) - y_val
    loss = float(np.mean(r ** 2))
    v = (2.0 / Q) * np.einsum("tqd,tq->td", X_val, r)
    for _ in range(steps):
        v = v - alpha * (2.0 / Q) * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))
    return loss, v.mean(axis=0)
