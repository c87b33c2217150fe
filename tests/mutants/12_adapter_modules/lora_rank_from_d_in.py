"""Took the rank from the wrong axis, r = A.shape[1] (d_in), so the scaling is alpha / d_in."""
LOSES = ["lora_forward"]
MESSAGE = "the rank is taken from A.shape[1] (d_in)"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    r = A.shape[1]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    return x @ W.T + b + s * (x @ A.T) @ B.T
