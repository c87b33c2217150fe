"""Fancy indexing instead of take_along_axis: c2p = (Q_c K_r^T)[..., i, delta(i, j)] and p2c = (Q_r K_c^T)[...,
delta(i, j), j], scaling by the reciprocal 1 / sqrt(3d), softmax as exp(s - logsumexp(s)) with masked keys at
finfo.min, heads split with np.stack, and recursion for the decoder."""


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    i = np.arange(query_size, dtype=np.int64).reshape(-1, 1)
    j = np.arange(key_size, dtype=np.int64).reshape(1, -1)
    r = np.broadcast_to(i - j, (query_size, key_size))
    if not (bucket_size > 0 and max_position > 0):
        return np.array(r, dtype=np.int64)
    mid = bucket_size // 2
    magnitude = np.abs(r)
    safe = np.maximum(magnitude, 1).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_bucket = mid + np.ceil(np.log(safe / mid) / np.log((max_position - 1) / mid) * (mid - 1))
    bucketed = np.where(magnitude > mid, np.sign(r) * log_bucket, r)
    return bucketed.astype(np.int64)


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q = np.asarray(query).astype(np.float64)
    kc = np.asarray(key).astype(np.float64)
    qr = np.asarray(pos_query).astype(np.float64)
    kr = np.asarray(pos_key).astype(np.float64)
    N = q.shape[-2]
    span = kr.shape[-2] // 2
    delta = np.clip(np.asarray(relative_pos).astype(np.int64) + span, 0, 2 * span - 1)
    rows = np.arange(N)[:, None]
    cols = np.arange(N)[None, :]
    c2c = np.matmul(q, np.swapaxes(kc, -1, -2))
    c2p = np.matmul(q, np.swapaxes(kr, -1, -2))[..., rows, delta]           # (Q_c K_r^T)[i, delta(i, j)]
    p2c = np.matmul(qr, np.swapaxes(kc, -1, -2))[..., delta, cols]           # (Q_r K_c^T)[delta(i, j), j]
    lead = np.broadcast_shapes(c2c.shape, c2p.shape, p2c.shape)
    c2c, c2p, p2c = (np.array(np.broadcast_to(x, lead), dtype=np.float64) for x in (c2c, c2p, p2c))
    inv = 1.0 / np.sqrt(3.0 * q.shape[-1])
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) * inv}


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states).astype(np.float64)
    qs = hs if query_states is None else np.asarray(query_states).astype(np.float64)
    B, N, D = hs.shape
    d = D // num_heads
    W = {name: np.asarray(value).astype(np.float64) for name, value in params.items()}

    def split(x):                                          # (..., n, D) -> (..., h, n, d)
        return np.stack([x[..., h * d:(h + 1) * d] for h in range(num_heads)], axis=-3)

    q = split(qs @ W["query_w"] + W["query_b"])
    k = split(hs @ W["key_w"] + W["key_b"])
    v = split(hs @ W["value_w"] + W["value_b"])
    rel = np.asarray(rel_embeddings).astype(np.float64)
    qr = split(rel @ W["pos_query_w"] + W["pos_query_b"])
    kr = split(rel @ W["pos_key_w"] + W["pos_key_b"])
    s = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]
    keep = np.asarray(attention_mask).astype(bool)[:, None, None, :]
    s = np.where(keep, s, np.finfo(np.float64).min)
    m = s.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(s - m).sum(axis=-1, keepdims=True))
    probs = np.exp(s - lse)
    context = probs @ v                                    # (B, h, N, d)
    return np.concatenate([context[:, h] for h in range(num_heads)], axis=-1)


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    if n_steps == 0:
        return np.asarray(hidden_states, dtype=np.float64) + np.asarray(abs_position_embeddings, dtype=np.float64)
    previous = enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                                     relative_pos, num_heads, n_steps - 1)
    return np.asarray(disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings,
                                                  relative_pos, num_heads, query_states=previous), dtype=np.float64)
