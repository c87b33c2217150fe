"""Softmax over the queries (axis -2) instead of over the k_proj projected keys (axis -1)."""
LOSES = ["linformer_attention"]
MESSAGE = "not over the queries"


def linformer_attention(q, k, v, E, F):
    """Linformer attention: keys and values projected along the sequence axis.

    q: (..., n, d), k: (..., n, d), v: (..., n, d_v) floats of any float dtype (computed in float64);
    E, F: (k_proj, n) projections, k_proj >= 1 (it may exceed n). The arguments are not modified.
    Returns a float64 array (..., n, d_v) = softmax(q (E k)^T / sqrt(d)) (F v).
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    k_proj = np.asarray(E, dtype=np.float64) @ k                      # (..., k_proj, d)
    v_proj = np.asarray(F, dtype=np.float64) @ v                      # (..., k_proj, d_v)
    scores = q @ np.swapaxes(k_proj, -1, -2) / np.sqrt(q.shape[-1])   # (..., n, k_proj)
    scores = scores - scores.max(axis=-2, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(axis=-2, keepdims=True)                                # softmax over the k_proj positions
    return p @ v_proj                                                 # (..., n, d_v)
