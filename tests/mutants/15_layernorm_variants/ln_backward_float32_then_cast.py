"""Computed the gradients in the inputs' float32 and converted them to float64 at the end."""
LOSES = ["layer_norm_backward"]
MESSAGE = "dx agrees with the expected values only to float32 precision"


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x); f = x.dtype.type; gamma = np.asarray(gamma).astype(x.dtype)
    dy = np.asarray(dy).astype(x.dtype)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    rstd = f(1.0) / np.sqrt(var + f(eps))
    xhat = (x - mu) * rstd
    g = dy * gamma
    dx = rstd * (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    d = x.shape[-1]
    return {"dx": dx.astype(np.float64), "dgamma": (dy * xhat).reshape(-1, d).sum(axis=0).astype(np.float64), "dbeta": dy.reshape(-1, d).sum(axis=0).astype(np.float64)}
