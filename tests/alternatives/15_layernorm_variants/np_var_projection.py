"""np.var / np.std with keepdims for the statistics, the backward as the notebook's projection
s * (g_hat - mean(g_hat) - x_hat * mean(g_hat * x_hat)); parameter gradients with np.tensordot over all
leading axes instead of flattening."""


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    x_hat = (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(np.var(x, axis=-1, keepdims=True) + eps)
    return np.asarray(gamma, dtype=np.float64) * x_hat + np.asarray(beta, dtype=np.float64)


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(dy, dtype=np.float64)
    s = 1.0 / np.sqrt(np.var(x, axis=-1, keepdims=True) + eps)
    x_hat = (x - np.mean(x, axis=-1, keepdims=True)) * s
    g_hat = g * np.asarray(gamma, dtype=np.float64)
    dx = s * (g_hat - g_hat.mean(axis=-1, keepdims=True) - x_hat * (g_hat * x_hat).mean(axis=-1, keepdims=True))
    lead = tuple(range(x.ndim - 1))
    return {"dx": dx, "dgamma": np.sum(g * x_hat, axis=lead), "dbeta": np.sum(g, axis=lead)}


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return np.asarray(gamma, dtype=np.float64) * x / rms


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)

    def ffn(h):
        a = np.einsum("...d,df->...f", h, np.asarray(W1, dtype=np.float64)) + b1
        return np.einsum("...f,fd->...d", np.where(a > 0, a, 0.0), np.asarray(W2, dtype=np.float64)) + b2

    if mode == "pre":
        return x + ffn(layer_norm(x, gamma, beta, eps))
    return layer_norm(x + ffn(x), gamma, beta, eps)


def residual_block_backward(dout, x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    W1 = np.asarray(W1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    lead = tuple(range(x.ndim - 1))
    h = x if mode == "post" else layer_norm(x, gamma, beta, eps)
    a = np.einsum("...d,df->...f", h, W1) + b1
    r = np.where(a > 0, a, 0.0)
    if mode == "post":
        s = x + np.einsum("...f,fd->...d", r, W2) + b2
        ln = layer_norm_backward(dout, s, gamma, eps)
        g_f = ln["dx"]
    else:
        g_f = dout
    g_a = np.einsum("...d,fd->...f", g_f, W2) * (a > 0)
    g_h = np.einsum("...f,df->...d", g_a, W1)
    grads = {"dW1": np.tensordot(h, g_a, axes=(lead, lead)), "db1": np.sum(g_a, axis=lead),
             "dW2": np.tensordot(r, g_f, axes=(lead, lead)), "db2": np.sum(g_f, axis=lead)}
    if mode == "post":
        grads["dx"] = g_f + g_h
    else:
        ln = layer_norm_backward(g_h, x, gamma, eps)
        grads["dx"] = dout + ln["dx"]
    grads["dgamma"], grads["dbeta"] = ln["dgamma"], ln["dbeta"]
    return grads
