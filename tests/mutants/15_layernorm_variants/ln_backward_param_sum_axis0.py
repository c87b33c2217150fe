"""Summed dgamma and dbeta over axis 0 only: right for (N, d) inputs, wrong when there are batch and sequence axes."""
LOSES = ["layer_norm_backward"]
MESSAGE = "sum over every token"


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)
    x_hat = (x - mu) * inv_std
    g = dy * gamma
    dx = inv_std * (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    return {"dx": dx, "dgamma": (dy * x_hat).sum(axis=0), "dbeta": dy.sum(axis=0)}
