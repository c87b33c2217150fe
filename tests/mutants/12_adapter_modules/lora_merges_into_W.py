"""Merged the update into the frozen weight in place (`W += scaling * B @ A`) before the matmul."""
LOSES = ["lora_forward"]
MESSAGE = "lora_forward changed the `W` you passed in"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    r = A.shape[0]
    W += (alpha / np.sqrt(r) if use_rslora else alpha / r) * (B @ A)
    return np.asarray(x, dtype=np.float64) @ W.T + b
