"""Merged in the weights' own dtype (no float64 conversion): float32 W, A, B give a float32 merged weight."""
LOSES = ["merge_lora"]
MESSAGE = "the docstring promises float64"


def merge_lora(W, A, B, alpha, use_rslora=False):
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    return np.asarray(W) + float(scaling) * (B @ A)
