"""layer_norm_backward back-propagates dy to x_hat without multiplying by gamma (g_hat = dy)."""
LOSES = ["layer_norm_backward"]
MESSAGE = "dx ignores gamma"


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    g_hat = dy
    dx = inv_std * (g_hat - g_hat.mean(axis=-1, keepdims=True)
                    - x_hat * (g_hat * x_hat).mean(axis=-1, keepdims=True))
    lead = tuple(range(x.ndim - 1))
    return {"dx": dx, "dgamma": (dy * x_hat).sum(axis=lead), "dbeta": dy.sum(axis=lead)}
