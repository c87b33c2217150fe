"""As autograd's double backward computes it: Hessian-vector products as (2/K) X^T (X v) without ever
forming H_t, residuals with np.einsum, the inner loop in a batched (T, K, D) einsum; FOMAML and Reptile
reuse inner_adapt.
"""


def _grad(W, X, y):
    """(T, D) gradients of mean((X[t] @ W[t] - y[t])**2) at the per-task weights W."""
    K = X.shape[1]
    resid = np.einsum("tkd,td->tk", X, W) - y
    return 2.0 / K * np.einsum("tkd,tk->td", X, resid)


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    W = np.broadcast_to(w, (X.shape[0], w.shape[0])).copy()
    for _ in range(steps):
        W = W - alpha * _grad(W, X, y)
    return W


def _query(W, X_val, y_val):
    X_val = np.asarray(X_val, dtype=np.float64)
    resid = np.einsum("tqd,td->tq", X_val, W) - np.asarray(y_val, dtype=np.float64)
    loss = float(np.mean(np.mean(resid ** 2, axis=1)))
    g = 2.0 / X_val.shape[1] * np.einsum("tqd,tq->td", X_val, resid)
    return loss, g


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    loss, v = _query(W, X_val, y_val)
    K = X_tr.shape[1]
    for _ in range(steps):
        Hv = 2.0 / K * np.einsum("tkd,tk->td", X_tr, np.einsum("tkd,td->tk", X_tr, v))
        v = v - alpha * Hv
    return loss, v.mean(axis=0)


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    loss, g = _query(W, X_val, y_val)
    return loss, g.mean(axis=0)


def reptile_update(w, X, y, alpha, steps, epsilon):
    w = np.asarray(w, dtype=np.float64)
    W = inner_adapt(w, X, y, alpha, steps)
    return w + epsilon * (W - w).mean(axis=0)
