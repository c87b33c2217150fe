"""Multiplied by W instead of W.T (x @ W): right only when W is square and symmetric; W is (d_out, d_in), torch layout."""
LOSES = ["lora_forward"]
MESSAGE = "W is multiplied untransposed (x @ W)"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    r = A.shape[0]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    return x @ W + b + s * (x @ A.T) @ B.T
