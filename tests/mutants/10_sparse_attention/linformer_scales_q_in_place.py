"""Scaled the queries in place (`q /= np.sqrt(d)`), which changes the caller's array."""
LOSES = ["linformer_attention"]
MESSAGE = "linformer_attention changed the `q` you passed in"


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64)
    q /= np.sqrt(q.shape[-1])
    scores = q @ np.swapaxes(np.asarray(E) @ k, -1, -2)
    scores = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(scores)
    return (p / p.sum(axis=-1, keepdims=True)) @ (np.asarray(F) @ v)
