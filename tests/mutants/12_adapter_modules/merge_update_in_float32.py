"""Computed B @ A in the inputs' float32 and converted only W to float64: the update loses float64 precision."""
LOSES = ["merge_lora"]
MESSAGE = "B @ A is computed in float32 and converted afterwards"


def merge_lora(W, A, B, alpha, use_rslora=False):
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    return np.asarray(W, dtype=np.float64) + scaling * (B @ A)
