"""Normalised row by row with np.apply_along_axis, which refuses an empty batch."""
LOSES = ["layer_norm"]
MESSAGE = "layer_norm of an empty batch"


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    x_hat = np.apply_along_axis(lambda r: (r - r.mean()) / np.sqrt(r.var() + eps), -1, x)
    return x_hat * gamma + beta
