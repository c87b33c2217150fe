"""layer_norm_backward drops the term of the mean (treats mu as a constant but not the variance)."""
LOSES = ["layer_norm_backward"]
MESSAGE = "dx misses the mean term"


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    g_hat = dy * gamma
    dx = inv_std * (g_hat - x_hat * (g_hat * x_hat).mean(axis=-1, keepdims=True))
    lead = tuple(range(x.ndim - 1))
    return {"dx": dx, "dgamma": (dy * x_hat).sum(axis=lead), "dbeta": dy.sum(axis=lead)}
