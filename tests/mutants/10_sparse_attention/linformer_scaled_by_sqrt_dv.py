"""Divided the scores by sqrt(d_v) = sqrt(v.shape[-1]) instead of sqrt(d): the same only when d == d_v."""
LOSES = ["linformer_attention"]
MESSAGE = "not 1 / sqrt(d_v)"


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64); k = np.asarray(k, dtype=np.float64); v = np.asarray(v, dtype=np.float64)
    s = q @ np.swapaxes(E @ k, -1, -2) / np.sqrt(v.shape[-1])
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True) @ (F @ v)
