"""Computed in the inputs' dtype: float32 q, k, v give a float32 output instead of float64."""
LOSES = ["linformer_attention"]
MESSAGE = "has dtype float32: the docstring promises float64"


def linformer_attention(q, k, v, E, F):
    d = q.shape[-1]
    s = q @ np.swapaxes(E.astype(q.dtype) @ k, -1, -2) / np.sqrt(d).astype(q.dtype)
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True) @ (F.astype(v.dtype) @ v)
