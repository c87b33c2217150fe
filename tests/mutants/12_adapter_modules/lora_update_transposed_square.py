"""Applied the update as x @ (B @ A) instead of x @ (B @ A).T = (x @ A.T) @ B.T: it only runs when d_in == d_out."""
LOSES = ["lora_forward"]
MESSAGE = "the update is transposed (x @ (B @ A))"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    r = A.shape[0]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    return x @ W.T + b + s * x @ (B @ A)
