"""Transposed the projected keys with .T, which reverses every axis: wrong for (batch, head, n, d) inputs."""
LOSES = ["linformer_attention"]
MESSAGE = "transpose only the last two axes"


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64)
    scores = q @ (np.asarray(E) @ k).T / np.sqrt(q.shape[-1])
    scores = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(scores)
    return (p / p.sum(axis=-1, keepdims=True)) @ (np.asarray(F) @ v)
