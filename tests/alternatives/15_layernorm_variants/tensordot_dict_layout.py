"""Flattens leading axes with np.reshape(-1, d), the backward as (1/d) * s * (d * g_hat - sum(g_hat)
- x_hat * sum(g_hat * x_hat)) (sums instead of means), parameter gradients with np.tensordot over the
token axis; the ReLU mask from np.heaviside(A, 0)."""


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.array(x, dtype=np.float64)
    mu = np.mean(x, axis=-1, keepdims=True)
    sigma = np.sqrt(np.mean((x - mu) ** 2, axis=-1, keepdims=True) + eps)
    return np.asarray(beta, dtype=np.float64) + np.asarray(gamma, dtype=np.float64) * ((x - mu) / sigma)


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    X = np.reshape(x, (-1, d))
    G = np.reshape(np.asarray(dy, dtype=np.float64), (-1, d))
    mu = np.mean(X, axis=-1, keepdims=True)
    s = 1.0 / np.sqrt(np.mean((X - mu) ** 2, axis=-1, keepdims=True) + eps)
    x_hat = (X - mu) * s
    g_hat = G * np.asarray(gamma, dtype=np.float64)
    dX = (s / d) * (d * g_hat - g_hat.sum(axis=-1, keepdims=True) - x_hat * (g_hat * x_hat).sum(axis=-1, keepdims=True))
    return {"dx": np.reshape(dX, x.shape), "dgamma": np.tensordot(G, x_hat, axes=([0], [0])).diagonal().copy(),
            "dbeta": np.tensordot(np.ones(G.shape[0]), G, axes=1)}


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    return x * np.asarray(gamma, dtype=np.float64) / np.sqrt(np.mean(np.square(x), axis=-1, keepdims=True) + eps)


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    X = x.reshape(-1, d)
    H = X if mode == "post" else layer_norm(X, gamma, beta, eps)
    F = np.maximum(np.tensordot(H, W1, axes=1) + b1, 0.0) @ np.asarray(W2, dtype=np.float64) + b2
    Y = layer_norm(X + F, gamma, beta, eps) if mode == "post" else X + F
    return Y.reshape(x.shape)


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    X = x.reshape(-1, d)
    dY = np.asarray(dout, dtype=np.float64).reshape(-1, d)
    W1 = np.asarray(W1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    H = X if mode == "post" else layer_norm(X, gamma, beta, eps)
    A = np.tensordot(H, W1, axes=1) + b1
    R = np.maximum(A, 0.0)
    if mode == "post":
        post = layer_norm_backward(dY, X + R @ W2 + b2, gamma, eps)
        GF = post["dx"]
    else:
        GF = dY
    GA = np.tensordot(GF, W2, axes=([1], [1])) * np.heaviside(A, 0.0)
    GH = np.tensordot(GA, W1, axes=([1], [1]))
    if mode == "post":
        dX, dgamma, dbeta = GF + GH, post["dgamma"], post["dbeta"]
    else:
        pre = layer_norm_backward(GH, X, gamma, eps)
        dX, dgamma, dbeta = dY + pre["dx"], pre["dgamma"], pre["dbeta"]
    return {"dx": dX.reshape(x.shape),
            "dW1": np.tensordot(H, GA, axes=([0], [0])), "db1": GA.sum(axis=0),
            "dW2": np.tensordot(R, GF, axes=([0], [0])), "db2": GF.sum(axis=0),
            "dgamma": dgamma, "dbeta": dbeta}
