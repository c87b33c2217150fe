"""residual_block_backward does not pass eps on to layer_norm and layer_norm_backward (their default 1e-5 is used)."""
LOSES = ["residual_block_backward"]
MESSAGE = "is ignored (the default 1e-5 is used): pass eps on to layer_norm and layer_norm_backward"


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    d = x.shape[-1]
    shape = x.shape
    X = x.reshape(-1, d)
    G = dout.reshape(-1, d)
    H = X if mode == "post" else layer_norm(X, gamma, beta)
    A = H @ W1 + b1
    R = np.maximum(A, 0)
    F = R @ W2 + b2
    if mode == "post":
        ln = layer_norm_backward(G, X + F, gamma)
        GF = ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
    else:
        GF = G
    GA = (GF @ W2.T) * (A > 0)
    GH = GA @ W1.T
    if mode == "post":
        dx = GF + GH
    else:
        ln = layer_norm_backward(GH, X, gamma)
        dx = G + ln["dx"]
        dgamma, dbeta = ln["dgamma"], ln["dbeta"]
    return {"dx": dx.reshape(shape), "dW1": H.T @ GA, "db1": GA.sum(0), "dW2": R.T @ GF, "db2": GF.sum(0),
            "dgamma": dgamma, "dbeta": dbeta}
