"""residual_block_backward's default eps is BERT's 1e-12 instead of the 1e-5 the signature gives."""
LOSES = ["residual_block_backward"]
MESSAGE = "a default is not the docstring's"


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-12):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    x2 = x.reshape(-1, d)
    g_out = np.asarray(dout, dtype=np.float64).reshape(-1, d)
    h = x2 if mode == "post" else layer_norm(x2, gamma, beta, eps)
    a = h @ W1 + b1
    r = np.maximum(a, 0.0)
    if mode == "post":
        ln = layer_norm_backward(g_out, x2 + r @ W2 + b2, gamma, eps)
        g_f = ln["dx"]
        g_skip = g_f
    else:
        g_f = g_out
        g_skip = g_out
    g_a = (g_f @ W2.T) * (a > 0)
    g_h = g_a @ W1.T
    if mode == "post":
        dx = g_skip + g_h
    else:
        ln = layer_norm_backward(g_h, x2, gamma, eps)
        dx = g_skip + ln["dx"]
    return {"dx": dx.reshape(x.shape), "dW1": h.T @ g_a, "db1": g_a.sum(axis=0),
            "dW2": r.T @ g_f, "db2": g_f.sum(axis=0), "dgamma": ln["dgamma"], "dbeta": ln["dbeta"]}
