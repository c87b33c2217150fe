"""Skips the merge when alpha is 0 (scaling 0, nothing to add) and returns np.asarray(W, dtype=np.float64): W itself."""
LOSES = ["merge_lora"]
MESSAGE = "with alpha = 0 (a zero scaling) too, return a new array"


def merge_lora(W, A, B, alpha, use_rslora=False):
    W = np.asarray(W, dtype=np.float64)
    if alpha == 0:
        return W
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    r = A.shape[0]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    return W + s * (B @ A)
