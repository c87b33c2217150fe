"""Masked the padded keys by adding -10000 to their scores (BERT's additive mask) instead of the most negative float."""
LOSES = ["disentangled_self_attention"]
MESSAGE = "masked by adding -10000"


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states, dtype=np.float64)
    qs = hs if query_states is None else np.asarray(query_states, dtype=np.float64)
    rel = np.asarray(rel_embeddings, dtype=np.float64)
    B, N, D = hs.shape
    h = num_heads
    d = D // h
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}

    def split(x):
        return x.reshape(x.shape[:-1] + (h, d)).swapaxes(-2, -3)

    q = split(qs @ p["query_w"] + p["query_b"])
    k = split(hs @ p["key_w"] + p["key_b"])
    v = split(hs @ p["value_w"] + p["value_b"])
    qr = split(rel @ p["pos_query_w"] + p["pos_query_b"])
    kr = split(rel @ p["pos_key_w"] + p["pos_key_b"])
    s = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]
    a = np.asarray(attention_mask, dtype=np.float64)
    s = s + (1.0 - a[:, None, None, :]) * -10000.0
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    ctx = w @ v
    return ctx.swapaxes(1, 2).reshape(B, N, D)
