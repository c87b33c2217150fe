"""layer_norm_backward with the default eps=1e-12 (BERT's) instead of 1e-5."""
LOSES = ["layer_norm_backward"]
MESSAGE = "the default eps is not 1e-5"


def layer_norm_backward(dy, x, gamma, eps=1e-12):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * rstd
    g = dy * gamma
    dx = rstd * (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    d = x.shape[-1]
    return {"dx": dx, "dgamma": (dy * xhat).reshape(-1, d).sum(axis=0), "dbeta": dy.reshape(-1, d).sum(axis=0)}
