"""residual_block_backward with the default mode="pre" instead of the docstring's "post"."""
LOSES = ["residual_block_backward"]
MESSAGE = "a default is not the docstring's"


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="pre", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    d = x.shape[-1]
    shape = x.shape
    x = x.reshape(-1, d)
    dout = dout.reshape(-1, d)
    if mode == "post":
        A = x @ W1 + b1
        H = np.maximum(A, 0.0)
        s = x + H @ W2 + b2
        ln = layer_norm_backward(dout, s, gamma, eps)
        ds = ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
        dW2 = H.T @ ds
        db2 = ds.sum(axis=0)
        dA = (ds @ W2.T) * (A > 0)
        dW1 = x.T @ dA
        db1 = dA.sum(axis=0)
        dx = ds + dA @ W1.T
    else:
        h = layer_norm(x, gamma, beta, eps)
        A = h @ W1 + b1
        H = np.maximum(A, 0.0)
        dW2 = H.T @ dout
        db2 = dout.sum(axis=0)
        dA = (dout @ W2.T) * (A > 0)
        dW1 = h.T @ dA
        db1 = dA.sum(axis=0)
        dh = dA @ W1.T
        ln = layer_norm_backward(dh, x, gamma, eps)
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
        dx = dout + ln["dx"]
    return {"dx": dx.reshape(shape), "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dgamma": dgamma, "dbeta": dbeta}
