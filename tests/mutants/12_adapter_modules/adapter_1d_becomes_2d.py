"""Wrapped h in np.atleast_2d to handle a single vector: an input of shape (d,) gives (1, d) instead of (d,)."""
LOSES = ["houlsby_adapter"]
MESSAGE = "np.atleast_2d (or reshape(1, -1)) adds an axis"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.atleast_2d(np.asarray(h, dtype=np.float64))
    return h + gelu(h @ W_down + b_down) @ W_up + b_up
