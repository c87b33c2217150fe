"""merge_lora returns W itself when B is all zeros (peft's initialisation): float32 W stays float32 and the result aliases W."""
LOSES = ["merge_lora"]
MESSAGE = "with B = 0 the result is still a new float64 array"


def merge_lora(W, A, B, alpha, use_rslora=False):
    if not np.any(B):
        return W
    r = A.shape[0]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    return np.asarray(W, dtype=np.float64) + s * (np.asarray(B, dtype=np.float64) @ np.asarray(A, dtype=np.float64))
