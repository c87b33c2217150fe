"""MAML adapts with inner_adapt's default one step (steps not passed on), though it applies (I - alpha H) steps times."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "the tasks were adapted with ONE inner step"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    X_val = np.asarray(X_val, dtype=np.float64)
    K, Q = X_tr.shape[1], X_val.shape[1]
    Wa = inner_adapt(w, X_tr, y_tr, alpha)
    r = np.einsum("tqd,td->tq", X_val, Wa) - y_val
    v = 2 / Q * np.einsum("tqd,tq->td", X_val, r)
    for _ in range(steps):
        v = v - alpha * 2 / K * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))
    return float(np.mean(r ** 2)), v.mean(0)
