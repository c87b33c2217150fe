"""Computed Linformer's softmax without subtracting the row maximum: exp overflows for large scores."""
LOSES = ["linformer_attention"]
MESSAGE = "is a step numerically unstable"


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    s = q @ np.swapaxes(E @ k, -1, -2) / np.sqrt(q.shape[-1])
    e = np.exp(s)
    return e / e.sum(-1, keepdims=True) @ (F @ v)
