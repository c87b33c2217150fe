"""Computed the scaling with floor division, alpha // r, which drops the fraction (16 // 3 = 5, not 5.33)."""
LOSES = ["lora_forward"]
MESSAGE = "floor division"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    r = A.shape[0]
    scaling = alpha // np.sqrt(r) if use_rslora else alpha // r
    return x @ W.T + b + scaling * ((x @ A.T) @ B.T)
