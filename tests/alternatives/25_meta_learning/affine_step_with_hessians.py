"""The inner step written as an affine map: w' = (I - alpha H_t) w + alpha b_t with H_t = (2/K) X^T X and
b_t = (2/K) X^T y precomputed per task as (T, D, D) and (T, D) (matmul with batch axes); the meta-gradient
as `steps` batched matrix-vector products (H_t formed, never raised to a power); Reptile as
(1 - epsilon) w + epsilon * mean(w').
"""


def _hessians(X, y):
    X = np.asarray(X, dtype=np.float64)
    K = X.shape[1]
    Xt = np.swapaxes(X, 1, 2)
    H = 2.0 / K * (Xt @ X)                                      # (T, D, D)
    b = 2.0 / K * (Xt @ np.asarray(y, dtype=np.float64)[..., None])[..., 0]   # (T, D)
    return H, b


def inner_adapt(w, X, y, alpha, steps=1):
    w = np.asarray(w, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    T, D = X.shape[0], w.shape[0]
    W = np.tile(w, (T, 1))
    if steps == 0 or T == 0:
        return W
    H, b = _hessians(X, y)
    for _ in range(steps):
        W = W - alpha * ((H @ W[..., None])[..., 0] - b)          # gradient H w - b
    return W.reshape(T, D)


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    Xv = np.asarray(X_val, dtype=np.float64)
    r = (Xv @ W[..., None])[..., 0] - np.asarray(y_val, dtype=np.float64)     # (T, Q)
    g = 2.0 / Xv.shape[1] * (np.swapaxes(Xv, 1, 2) @ r[..., None])[..., 0]   # (T, D)
    H, _ = _hessians(X_tr, y_tr)
    for _ in range(steps):
        g = g - alpha * (H @ g[..., None])[..., 0]
    return float((r ** 2).mean(axis=1).mean()), g.sum(axis=0) / g.shape[0]


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    Xv = np.asarray(X_val, dtype=np.float64)
    r = (Xv @ W[..., None])[..., 0] - np.asarray(y_val, dtype=np.float64)
    g = 2.0 / Xv.shape[1] * (np.swapaxes(Xv, 1, 2) @ r[..., None])[..., 0]
    return float((r ** 2).mean()), g.mean(axis=0)


def reptile_update(w, X, y, alpha, steps, epsilon):
    w = np.asarray(w, dtype=np.float64)
    W = inner_adapt(w, X, y, alpha, steps)
    return (1.0 - epsilon) * w + epsilon * W.mean(axis=0)
