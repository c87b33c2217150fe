"""Converted nothing to float64: with a float32 layer (x, W, b, A and B all float32) the output is float32."""
LOSES = ["lora_forward"]
MESSAGE = "the docstring promises float64"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    return x @ W.T + b + scaling * ((x @ A.T) @ B.T)
