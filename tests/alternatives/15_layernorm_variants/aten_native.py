"""As ATen's native_layer_norm / layer_norm_backward CPU kernels compute it: mean and rstd per row,
dX = a * dy * gamma + b * x + c with a = rstd, b = (db * mean - ds) * rstd^3 / d, c = -b * mean - db * rstd / d
(ds = sum(dy * gamma * x), db = sum(dy * gamma)); RMSNorm as LlamaRMSNorm, x * rsqrt(mean(x^2) + eps)."""


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    mean = np.mean(x, axis=-1, keepdims=True)
    var = np.mean(np.square(x - mean), axis=-1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    return (x - mean) * rstd * np.asarray(gamma, dtype=np.float64) + np.asarray(beta, dtype=np.float64)


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    gamma = np.asarray(gamma, dtype=np.float64)
    d = x.shape[-1]
    X = x.reshape(-1, d)
    G = dy.reshape(-1, d)
    mean = X.mean(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(((X - mean) ** 2).mean(axis=1, keepdims=True) + eps)
    ds = np.sum(G * gamma * X, axis=1, keepdims=True)
    db = np.sum(G * gamma, axis=1, keepdims=True)
    scale = 1.0 / d
    a = rstd
    b = (db * mean - ds) * rstd ** 3 * scale
    c = -b * mean - db * rstd * scale
    dX = a * G * gamma + b * X + c
    dgamma = np.sum(G * (X - mean) * rstd, axis=0)
    dbeta = np.sum(G, axis=0)
    return {"dx": dX.reshape(x.shape), "dgamma": dgamma, "dbeta": dbeta}


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    variance = np.mean(x ** 2, axis=-1, keepdims=True)
    return np.asarray(gamma, dtype=np.float64) * (x * (1.0 / np.sqrt(variance + eps)))


def _ffn(h, W1, b1, W2, b2):
    a = h @ W1 + b1
    return np.maximum(a, 0.0) @ W2 + b2


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (W1, b1, W2, b2))
    if mode == "post":
        return layer_norm(x + _ffn(x, W1, b1, W2, b2), gamma, beta, eps)
    return x + _ffn(layer_norm(x, gamma, beta, eps), W1, b1, W2, b2)


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    X = x.reshape(-1, d)
    dY = np.asarray(dout, dtype=np.float64).reshape(-1, d)
    W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (W1, b1, W2, b2))
    if mode == "post":
        H = X
        A = H @ W1 + b1
        S = X + np.maximum(A, 0.0) @ W2 + b2
        ln = layer_norm_backward(dY, S, gamma, eps)
        GF = ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
    else:
        H = layer_norm(X, gamma, beta, eps)
        A = H @ W1 + b1
        GF = dY
    R = np.maximum(A, 0.0)
    dW2 = R.T @ GF
    db2 = GF.sum(axis=0)
    GA = (GF @ W2.T) * (A > 0)
    dW1 = H.T @ GA
    db1 = GA.sum(axis=0)
    GH = GA @ W1.T
    if mode == "post":
        dX = GF + GH
    else:
        ln = layer_norm_backward(GH, X, gamma, eps)
        dX = dY + ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
    return {"dx": dX.reshape(x.shape), "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2,
            "dgamma": dgamma, "dbeta": dbeta}
