"""Broadcast-and-sum instead of matrix products: residuals as (X * w).sum(-1), gradients as
(2/K) * (X * r[..., None]).sum(axis=1), losses from np.linalg.norm(r, axis=1)**2 / K; Hessian-vector products
the same way; Reptile as w + epsilon * (mean(w') - w) (the mean of the differences taken as a difference of
means).
"""


def _g(W, X, y):
    r = (X * W[:, None, :]).sum(axis=-1) - y                        # (T, K)
    return r, 2.0 * (X * r[..., None]).sum(axis=1) / X.shape[1]


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.float64)
    W = np.zeros((X.shape[0], np.shape(w)[0])) + np.asarray(w, dtype=np.float64)
    for _ in range(steps):
        W = W - alpha * _g(W, X, y)[1]
    return W


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    Xt = np.asarray(X_tr, dtype=np.float64)
    Wp = inner_adapt(w, Xt, y_tr, alpha, steps)
    r, v = _g(Wp, np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64))
    loss = np.mean(np.linalg.norm(r, axis=1) ** 2 / r.shape[1])
    for _ in range(steps):
        Xv = (Xt * v[:, None, :]).sum(axis=-1)                      # (T, K)
        v = v - alpha * 2.0 * (Xt * Xv[..., None]).sum(axis=1) / Xt.shape[1]
    return float(loss), np.mean(v, axis=0)


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    Wp = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r, g = _g(Wp, np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64))
    loss = np.mean(np.linalg.norm(r, axis=1) ** 2 / r.shape[1])
    return float(loss), g.mean(axis=0)


def reptile_update(w, X, y, alpha, steps, epsilon):
    w = np.asarray(w, dtype=np.float64)
    return w + epsilon * (inner_adapt(w, X, y, alpha, steps).mean(axis=0) - w)
