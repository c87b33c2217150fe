"""Transposed k with k.transpose(0, 2, 1), assuming exactly one leading axis: fails on (n, d) inputs and on several leading axes."""
LOSES = ["masked_attention"]
MESSAGE = "only transpose keys of 2 and 3 axes"


def masked_attention(q, k, v, mask):
    """Softmax attention restricted by a boolean mask, as torch's scaled_dot_product_attention.

    q: (..., n_q, d), k: (..., n_k, d), v: (..., n_k, d_v) floats; mask: bool, broadcastable to
    (..., n_q, n_k), True = may attend. Rows with no allowed key give an output of 0. Inputs of any
    float dtype (computed in float64); n_q may be 0; the arguments are not modified.
    Returns a float64 array (..., n_q, d_v).
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    mask = np.asarray(mask, dtype=bool)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])        # (..., n_q, n_k)
    mask = np.broadcast_to(mask, scores.shape)
    masked = np.where(mask, scores, -np.inf)
    row_max = masked.max(axis=-1, keepdims=True)                       # (..., n_q, 1), -inf if empty
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)             # empty rows: any finite shift
    e = np.where(mask, np.exp(np.where(mask, scores - row_max, 0.0)), 0.0)   # (..., n_q, n_k), exps <= 1
    total = e.sum(axis=-1, keepdims=True)                              # (..., n_q, 1), 0 for empty rows
    probs = e / np.where(total > 0, total, 1.0)                        # empty rows stay all 0
    return probs @ v                                                   # (..., n_q, d_v)
