"""Skips the merge when B is all zeros (nothing to add) and returns W as given: np.asarray of a
float64 W is W itself, so the caller's weight and the merged one are one array."""
LOSES = ["merge_lora"]
MESSAGE = "the result is the `W` you passed in, not a new object"


def merge_lora(W, A, B, alpha, use_rslora=False):
    W = np.asarray(W, dtype=np.float64)
    if not np.any(B):
        return W
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    return W + scaling * (np.asarray(B, dtype=np.float64) @ np.asarray(A, dtype=np.float64))
