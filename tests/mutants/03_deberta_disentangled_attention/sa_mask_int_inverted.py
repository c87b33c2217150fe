"""Masked the keys where ~attention_mask is true: on a 0/1 integer mask ~ gives -2 and -1, both true, so every key is masked."""
LOSES = ["disentangled_self_attention"]
MESSAGE = "every key gets the same weight (uniform attention)"


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    h = np.asarray(hidden_states, dtype=np.float64)
    qs = h if query_states is None else np.asarray(query_states, dtype=np.float64)
    p = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    rel_emb = np.asarray(rel_embeddings, dtype=np.float64)
    B, N, D = h.shape
    d = D // num_heads

    def split(x):
        return np.swapaxes(x.reshape(x.shape[:-1] + (num_heads, d)), -3, -2)

    q = split(qs @ p["query_w"] + p["query_b"])
    k = split(h @ p["key_w"] + p["key_b"])
    v = split(h @ p["value_w"] + p["value_b"])
    qr = split(rel_emb @ p["pos_query_w"] + p["pos_query_b"])
    kr = split(rel_emb @ p["pos_key_w"] + p["pos_key_b"])
    scores = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]
    scores = np.where(~np.asarray(attention_mask)[:, None, None, :], np.finfo(np.float64).min, scores)
    scores = scores - scores.max(-1, keepdims=True)
    probs = np.exp(scores)
    probs = probs / probs.sum(-1, keepdims=True)
    ctx = probs @ v
    return np.swapaxes(ctx, 1, 2).reshape(B, N, D)
