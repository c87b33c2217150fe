"""Never converted the inputs: float32 data give a float32 meta-gradient, not float64."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "with float32 inputs has dtype float32"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    K, Q = X_tr.shape[1], X_val.shape[1]
    W = np.tile(w, (X_tr.shape[0], 1))
    for _ in range(steps):
        W = W - alpha * (2 / K) * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, W) - y_tr).astype(W.dtype)
    r = np.einsum("tqd,td->tq", X_val, W) - y_val
    v = ((2 / Q) * np.einsum("tqd,tq->td", X_val, r)).astype(X_val.dtype)
    for _ in range(steps):
        v = v - (alpha * (2 / K) * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))).astype(v.dtype)
    return float(np.mean(r ** 2)), v.mean(axis=0)
