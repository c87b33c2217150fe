"""Per-pair embeddings: K_r and Q_r gathered to (..., N, N, d) and contracted with einsum (the O(N^2 d) form),
buckets computed only on the |r| > mid entries, per-head weights reshaped to (D, h, d) for einsum projections, a
key-only mask, the decoder via functools.reduce."""
import functools


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    r = np.subtract.outer(np.arange(query_size), np.arange(key_size)).astype(np.int64)
    if bucket_size <= 0 or max_position <= 0:
        return r
    mid = bucket_size // 2
    out = r.copy()
    far = np.abs(r) > mid
    a = np.abs(r[far]).astype(np.float64)
    buckets = mid + np.ceil(np.log(a / mid) / np.log((max_position - 1) / mid) * (mid - 1))
    out[far] = (np.sign(r[far]) * buckets).astype(np.int64)
    return out


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q = np.asarray(query, dtype=np.float64)
    kc = np.asarray(key, dtype=np.float64)
    qr = np.asarray(pos_query, dtype=np.float64)
    kr = np.asarray(pos_key, dtype=np.float64)
    k = kr.shape[-2] // 2
    delta = np.clip(np.asarray(relative_pos) + k, 0, 2 * k - 1)
    kr_pairs = kr[..., delta, :]                           # (..., N, N, d)
    qr_pairs = qr[..., delta, :]
    c2c = np.einsum("...id,...jd->...ij", q, kc)
    c2p = np.einsum("...id,...ijd->...ij", q, kr_pairs)
    p2c = np.einsum("...jd,...ijd->...ij", kc, qr_pairs)
    lead = np.broadcast_shapes(c2c.shape, c2p.shape, p2c.shape)
    c2c, c2p, p2c = (np.broadcast_to(x, lead).astype(np.float64) for x in (c2c, c2p, p2c))
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / np.sqrt(3.0 * q.shape[-1])}


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states, dtype=np.float64)
    qs = hs if query_states is None else np.asarray(query_states, dtype=np.float64)
    D = hs.shape[-1]
    h, d = num_heads, D // num_heads

    def proj(x, name, pattern):
        w = np.asarray(params[name + "_w"], dtype=np.float64).reshape(D, h, d)
        b = np.asarray(params[name + "_b"], dtype=np.float64).reshape(h, d)
        return np.einsum(pattern, x, w) + b[..., None, :]

    q = proj(qs, "query", "bnD,Dhd->bhnd")
    k = proj(hs, "key", "bnD,Dhd->bhnd")
    v = proj(hs, "value", "bnD,Dhd->bhnd")
    rel = np.asarray(rel_embeddings, dtype=np.float64)
    qr = proj(rel, "pos_query", "nD,Dhd->hnd")
    kr = proj(rel, "pos_key", "nD,Dhd->hnd")
    s = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]
    real_key = (np.asarray(attention_mask) != 0)[:, None, None, :]
    top = np.max(np.where(real_key, s, -np.inf), axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.where(real_key, np.exp(np.minimum(s - top, 0.0)), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    probs = e / np.where(total > 0, total, 1.0)
    context = np.einsum("bhij,bhjd->bihd", probs, v)
    return context.reshape(hs.shape[0], hs.shape[1], D)


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    start = np.asarray(hidden_states, dtype=np.float64) + np.asarray(abs_position_embeddings, dtype=np.float64)
    step = functools.partial(disentangled_self_attention, hidden_states, attention_mask, params, rel_embeddings,
                             relative_pos, num_heads)
    result = functools.reduce(lambda query, _: step(query_states=query), range(n_steps), start)
    return np.asarray(result, dtype=np.float64)
