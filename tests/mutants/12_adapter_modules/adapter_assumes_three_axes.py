"""Flattened h to (B * S, d) and reshaped back with h.shape[0], h.shape[1]: only right for 3-D inputs."""
LOSES = ["houlsby_adapter"]
MESSAGE = "houlsby_adapter with h of shape (5, 12)"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.asarray(h, dtype=np.float64)
    flat = h.reshape(-1, h.shape[-1])
    out = flat + gelu(flat @ W_down + b_down) @ W_up + b_up
    return out.reshape(h.shape[0], h.shape[1], -1)
