"""layer_norm_backward ignores its eps argument and always uses the default 1e-5."""
LOSES = ["layer_norm_backward"]
MESSAGE = "is ignored (the default 1e-5 is used): std = sqrt(var + eps)"


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    s = 1.0 / np.sqrt(var + 1e-5)
    xh = (x - mu) * s
    gh = dy * gamma
    dx = s * (gh - gh.mean(-1, keepdims=True) - xh * (gh * xh).mean(-1, keepdims=True))
    d = x.shape[-1]
    return {"dx": dx, "dgamma": (dy * xh).reshape(-1, d).sum(0), "dbeta": dy.reshape(-1, d).sum(0)}
