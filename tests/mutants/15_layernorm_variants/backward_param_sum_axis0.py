"""residual_block_backward on (..., d) inputs without flattening: db1 and db2 summed over axis 0 only and dW1, dW2 with np.swapaxes(-1, -2) @ ..., which is right for (N, d) inputs only."""
LOSES = ["residual_block_backward"]
MESSAGE = "a parameter gradient is summed over every token"


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    T = lambda a: np.swapaxes(a, -1, -2)
    def wsum(a, b):
        out = T(a) @ b
        return out.reshape(-1, *out.shape[-2:]).sum(axis=0) if out.ndim > 2 else out
    if mode == "post":
        A = x @ W1 + b1
        H = np.maximum(A, 0.0)
        s = x + H @ W2 + b2
        ln = layer_norm_backward(dout, s, gamma, eps)
        ds = ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
        dW2 = wsum(H, ds)
        db2 = ds.sum(axis=0)
        dA = (ds @ W2.T) * (A > 0)
        dW1 = wsum(x, dA)
        db1 = dA.sum(axis=0)
        dx = ds + dA @ W1.T
    else:
        h = layer_norm(x, gamma, beta, eps)
        A = h @ W1 + b1
        H = np.maximum(A, 0.0)
        dW2 = wsum(H, dout)
        db2 = dout.sum(axis=0)
        dA = (dout @ W2.T) * (A > 0)
        dW1 = wsum(h, dA)
        db1 = dA.sum(axis=0)
        ln = layer_norm_backward(dA @ W1.T, x, gamma, eps)
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
        dx = dout + ln["dx"]
    return {"dx": dx, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dgamma": dgamma, "dbeta": dbeta}
