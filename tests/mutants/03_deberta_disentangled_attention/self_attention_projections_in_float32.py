"""Kept the projections in the input dtype: with float32 inputs, x @ w + b is computed in float32."""
import numpy as np
LOSES = ["disentangled_self_attention"]
MESSAGE = "agrees with the expected values only to float32 precision"

def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states)
    qs = hs if query_states is None else np.asarray(query_states)
    kvs = hs
    B, N, D = hs.shape
    h = num_heads; d = D // h
    P = np.asarray(rel_embeddings)
    def proj(x, n):
        return x @ np.asarray(params[n + "_w"]) + np.asarray(params[n + "_b"])
    def split(x):
        return x.reshape(x.shape[:-1] + (h, d)).swapaxes(-2, -3)
    q = split(proj(qs, "query")); kk = split(proj(kvs, "key")); v = split(proj(kvs, "value"))
    qr = split(proj(P, "pos_query")); kr = split(proj(P, "pos_key"))
    s = disentangled_attention_scores(q, kk, qr, kr, relative_pos)["scores"]
    a = np.asarray(attention_mask).astype(bool)
    pair = a[:, None, :, None] & a[:, None, None, :]
    s = np.where(pair, s, np.finfo(np.float64).min)
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s); w = w / w.sum(axis=-1, keepdims=True)
    ctx = w @ v
    return ctx.swapaxes(1, 2).reshape(B, N, D)
