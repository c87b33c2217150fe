"""Projected the relative-position embeddings without their biases (rel_embeddings @ W only)."""
LOSES = ["disentangled_self_attention"]
MESSAGE = "projected without their biases"


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states, dtype=np.float64)                              # (B, N, D)
    qs = hs if query_states is None else np.asarray(query_states, dtype=np.float64)
    p = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    rel_e = np.asarray(rel_embeddings, dtype=np.float64)                          # (2k, D)

    def split(x):                                                                 # (..., L, D) -> (..., h, L, d)
        x = x.reshape(x.shape[:-1] + (num_heads, -1))
        return np.swapaxes(x, -2, -3)

    q = split(qs @ p["query_w"] + p["query_b"])                                   # (B, h, N, d)
    k = split(hs @ p["key_w"] + p["key_b"])                                       # (B, h, N, d)
    v = split(hs @ p["value_w"] + p["value_b"])                                   # (B, h, N, d)
    qr = split(rel_e @ p["pos_query_w"])                       # (h, 2k, d)
    kr = split(rel_e @ p["pos_key_w"])                           # (h, 2k, d)
    scores = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]  # (B, h, N, N)
    real = np.asarray(attention_mask).astype(bool)                                # (B, N)
    pair = real[:, None, :, None] & real[:, None, None, :]                        # (B, 1, N, N)
    scores = np.where(pair, scores, np.finfo(np.float64).min)
    scores = scores - scores.max(axis=-1, keepdims=True)
    probs = np.exp(scores)
    probs = probs / probs.sum(axis=-1, keepdims=True)                             # (B, h, N, N)
    context = probs @ v                                                           # (B, h, N, d)
    return np.swapaxes(context, 1, 2).reshape(hs.shape[0], hs.shape[1], -1)       # (B, N, h*d)
