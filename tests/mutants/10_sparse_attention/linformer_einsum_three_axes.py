"""Projected keys and values with np.einsum('kn,bnd->bkd', E, k), assuming exactly one leading (batch) axis: fails on (n, d) inputs and on several leading axes."""
LOSES = ["linformer_attention"]
MESSAGE = "fits 3-axis inputs only"


def linformer_attention(q, k, v, E, F):
    """Linformer attention: keys and values projected along the sequence axis.

    q: (..., n, d), k: (..., n, d), v: (..., n, d_v) floats of any float dtype (computed in float64);
    E, F: (k_proj, n) projections, k_proj >= 1 (it may exceed n). The arguments are not modified.
    Returns a float64 array (..., n, d_v) = softmax(q (E k)^T / sqrt(d)) (F v).
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    k_proj = np.einsum('kn,bnd->bkd', np.asarray(E, dtype=np.float64), k)
    v_proj = np.einsum('kn,bnd->bkd', np.asarray(F, dtype=np.float64), v)
    scores = q @ np.swapaxes(k_proj, -1, -2) / np.sqrt(q.shape[-1])   # (..., n, k_proj)
    scores = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(axis=-1, keepdims=True)                                # softmax over the k_proj positions
    return p @ v_proj                                                 # (..., n, d_v)
