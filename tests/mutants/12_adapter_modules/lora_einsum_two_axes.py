"""Wrote the layer as np.einsum('bi,oi->bo', ...), which only accepts a 2-D batch of inputs."""
LOSES = ["lora_forward"]
MESSAGE = "x may have any number of leading axes"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    low = np.einsum("bi,ri->br", x, A)
    return np.einsum("bi,oi->bo", x, W) + b + scaling * np.einsum("br,or->bo", low, B)
