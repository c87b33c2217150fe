"""Divided the query gradient and the query loss by K (the support size) instead of Q: unseen when Q == K."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "the query loss and gradient are divided by K"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr, X_val = np.asarray(X_tr, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    K = X_tr.shape[1]
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r = np.einsum("tqd,td->tq", X_val, W) - y_val
    loss = float(np.mean(np.sum(r ** 2, axis=1) / K))
    v = (2.0 / K) * np.einsum("tqd,tq->td", X_val, r)
    for _ in range(steps):
        v = v - alpha * (2.0 / K) * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))
    return loss, v.mean(axis=0)
