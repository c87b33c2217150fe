"""Computed in the input's float32 and converted the result to float64 at the end (float32 precision)."""
LOSES = ["houlsby_adapter"]
MESSAGE = "houlsby_adapter with float32 h agrees with the expected values only to float32 precision"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.asarray(h)
    t = h.dtype
    z = (h @ W_down.astype(t) + b_down.astype(t)).astype(t)
    g = (0.5 * z * (1 + np.tanh(t.type(np.sqrt(2 / np.pi)) * (z + t.type(0.044715) * z ** 3)))).astype(t)
    return (h + g @ W_up.astype(t) + b_up.astype(t)).astype(np.float64)
