"""Loops: relative buckets entry by entry with math.log / math.ceil, the three score terms pair by pair, attention
one (sequence, head) at a time on 2-D slices, the decoder in a while loop."""
import math


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    out = np.zeros((query_size, key_size), dtype=np.int64)
    bucketed = bucket_size > 0 and max_position > 0
    mid = bucket_size // 2
    for i in range(query_size):
        for j in range(key_size):
            r = i - j
            if bucketed and abs(r) > mid:
                ratio = math.log(abs(r) / mid) / math.log((max_position - 1) / mid)
                r = int(math.copysign(mid + math.ceil(ratio * (mid - 1)), r))
            out[i, j] = r
    return out


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q = np.asarray(query, dtype=np.float64)
    kc = np.asarray(key, dtype=np.float64)
    qr = np.asarray(pos_query, dtype=np.float64)
    kr = np.asarray(pos_key, dtype=np.float64)
    N, d = q.shape[-2], q.shape[-1]
    span = kr.shape[-2] // 2
    lead = np.broadcast_shapes(q.shape[:-2], kc.shape[:-2], qr.shape[:-2], kr.shape[:-2])
    c2c = np.zeros(lead + (N, N))
    c2p = np.zeros(lead + (N, N))
    p2c = np.zeros(lead + (N, N))
    for i in range(N):
        for j in range(N):
            delta = min(max(int(relative_pos[i][j]) + span, 0), 2 * span - 1)
            c2c[..., i, j] = np.sum(q[..., i, :] * kc[..., j, :], axis=-1)
            c2p[..., i, j] = np.sum(q[..., i, :] * kr[..., delta, :], axis=-1)
            p2c[..., i, j] = np.sum(kc[..., j, :] * qr[..., delta, :], axis=-1)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / math.sqrt(3 * d)}


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hs = np.asarray(hidden_states, dtype=np.float64)
    qs = hs if query_states is None else np.asarray(query_states, dtype=np.float64)
    rel = np.asarray(rel_embeddings, dtype=np.float64)
    B, N, D = hs.shape
    d = D // num_heads
    out = np.zeros((B, N, D))
    for h in range(num_heads):
        cols = slice(h * d, (h + 1) * d)
        w = {name: np.asarray(params[name], dtype=np.float64)[..., cols] for name in params}
        qr = rel @ w["pos_query_w"] + w["pos_query_b"]
        kr = rel @ w["pos_key_w"] + w["pos_key_b"]
        for b in range(B):
            q = qs[b] @ w["query_w"] + w["query_b"]
            k = hs[b] @ w["key_w"] + w["key_b"]
            v = hs[b] @ w["value_w"] + w["value_b"]
            s = disentangled_attention_scores(q, k, qr, kr, relative_pos)["scores"]
            real = np.asarray(attention_mask[b]) != 0
            for i in range(N):
                row = s[i][real]
                if row.size == 0:
                    continue
                e = np.exp(row - row.max())
                out[b, i, cols] = (e / e.sum()) @ v[real]
    return out


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    query = np.add(hidden_states, abs_position_embeddings, dtype=np.float64)
    step = 0
    while step < n_steps:
        query = disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                            num_heads, query_states=query)
        step += 1
    return np.array(query, dtype=np.float64)
