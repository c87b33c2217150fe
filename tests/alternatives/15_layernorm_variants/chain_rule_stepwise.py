"""Backward through the computational graph one node at a time (as in cs231n's batchnorm notes):
x_hat = xc * istd, istd = (var + eps)^-1/2, var = mean(xc^2), xc = x - mu, each node's gradient
accumulated; LayerNorm forward with the rows flattened to 2-D and reshaped back."""


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    rows = x.reshape(-1, d)
    xc = rows - rows.sum(axis=1, keepdims=True) / d
    var = (xc * xc).sum(axis=1, keepdims=True) / d
    y = xc / np.sqrt(var + eps) * np.asarray(gamma, dtype=np.float64) + np.asarray(beta, dtype=np.float64)
    return y.reshape(x.shape)


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    X = x.reshape(-1, d)
    G = np.asarray(dy, dtype=np.float64).reshape(-1, d)
    gamma = np.asarray(gamma, dtype=np.float64)
    mu = X.mean(axis=1, keepdims=True)
    xc = X - mu
    var = (xc ** 2).mean(axis=1, keepdims=True)
    istd = (var + eps) ** -0.5
    x_hat = xc * istd
    dgamma = (G * x_hat).sum(axis=0)
    dbeta = G.sum(axis=0)
    dx_hat = G * gamma
    distd = (dx_hat * xc).sum(axis=1, keepdims=True)
    dvar = distd * -0.5 * (var + eps) ** -1.5
    dxc = dx_hat * istd + dvar * 2.0 * xc / d
    dmu = -dxc.sum(axis=1, keepdims=True)
    dX = dxc + dmu / d
    return {"dx": dX.reshape(x.shape), "dgamma": dgamma, "dbeta": dbeta}


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1] if x.ndim else 1
    ms = np.sum(x ** 2, axis=-1, keepdims=True) / d
    return x / np.sqrt(ms + eps) * np.asarray(gamma, dtype=np.float64)


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if mode == "post":
        a = x @ W1 + b1
        return layer_norm(x + np.maximum(a, 0) @ W2 + b2, gamma, beta, eps)
    if mode == "pre":
        h = layer_norm(x, gamma, beta, eps)
        return x + np.maximum(h @ W1 + b1, 0) @ W2 + b2
    raise ValueError(f"mode must be 'post' or 'pre', got {mode!r}")


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    shape = x.shape
    d = shape[-1]
    X = x.reshape(-1, d)
    dY = np.asarray(dout, dtype=np.float64).reshape(-1, d)
    W1 = np.asarray(W1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    out = {}
    if mode == "post":
        A = X @ W1 + b1
        R = np.maximum(A, 0.0)
        S = X + R @ W2 + b2
        ln = layer_norm_backward(dY, S, gamma, eps)
        dS = ln["dx"]
        dX = dS.copy()                  # identity path of the residual
        dF = dS
        H = X
    else:
        H = layer_norm(X, gamma, beta, eps)
        A = H @ W1 + b1
        R = np.maximum(A, 0.0)
        dX = dY.copy()
        dF = dY
    out["dW2"] = R.T @ dF
    out["db2"] = dF.sum(axis=0)
    dR = dF @ W2.T
    dA = dR * (A > 0)
    out["dW1"] = H.T @ dA
    out["db1"] = dA.sum(axis=0)
    dH = dA @ W1.T
    if mode == "post":
        dX = dX + dH
    else:
        ln = layer_norm_backward(dH, X, gamma, eps)
        dX = dX + ln["dx"]
    out["dgamma"] = ln["dgamma"]
    out["dbeta"] = ln["dbeta"]
    out["dx"] = dX.reshape(shape)
    return out
