"""The support Hessian is summed over tasks (einsum 'tkd,tke->de'): every task uses the pooled Hessian."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "the Hessian is pooled over the tasks"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    X_val = np.asarray(X_val, dtype=np.float64)
    K, Q = X_tr.shape[1], X_val.shape[1]
    Wa = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r = np.einsum("tqd,td->tq", X_val, Wa) - y_val
    v = 2 / Q * np.einsum("tqd,tq->td", X_val, r)
    H = 2 / K * np.einsum("tkd,tke->de", X_tr, X_tr)
    for _ in range(steps):
        v = v - alpha * v @ H
    return float(np.mean(r ** 2)), v.mean(0)
