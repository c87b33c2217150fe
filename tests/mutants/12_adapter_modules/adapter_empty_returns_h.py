"""Returned h as given for an empty input (`if h.size == 0: return np.asarray(h)`): a float32 h stays float32
(and the result is the caller's array)."""
LOSES = ["houlsby_adapter"]
MESSAGE = "houlsby_adapter of an empty float32 batch (shape (0, 6)) has dtype float32"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    if np.size(h) == 0:
        return np.asarray(h)
    h = np.asarray(h, dtype=np.float64)
    return h + gelu(h @ W_down + b_down) @ W_up + b_up
