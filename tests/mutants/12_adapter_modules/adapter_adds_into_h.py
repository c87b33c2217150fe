"""Added the adapter's output into h in place (`h += ...`): np.asarray(h, dtype=np.float64) is the caller's array."""
LOSES = ["houlsby_adapter"]
MESSAGE = "houlsby_adapter changed the `h` you passed in"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.asarray(h, dtype=np.float64)
    h += gelu(h @ W_down + b_down) @ W_up + b_up
    return h
