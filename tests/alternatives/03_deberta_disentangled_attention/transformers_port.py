"""As transformers' modeling_deberta_v2.py computes it, ported to NumPy: make_log_bucket_position's mid - 1
substitution, p2c gathered from K_c Q_r^T at -R + k then transposed, each term divided by the scale (K / scale
inside the c2c product), a pair mask filled with finfo.min, and DeBERTa's emd_context_layer loop."""


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    q_ids = np.arange(query_size, dtype=np.int64)
    k_ids = np.arange(key_size, dtype=np.int64)
    rel_pos_ids = q_ids[:, None] - k_ids[None, :]
    if bucket_size > 0 and max_position > 0:
        relative_pos = rel_pos_ids
        sign = np.sign(relative_pos)
        mid = bucket_size // 2
        abs_pos = np.where((relative_pos < mid) & (relative_pos > -mid), mid - 1, np.abs(relative_pos))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_pos = np.ceil(np.log(abs_pos / mid) / np.log(np.float64((max_position - 1) / mid)) * (mid - 1)) + mid
        rel_pos_ids = np.where(abs_pos <= mid, relative_pos.astype(np.float64), log_pos * sign)
    return rel_pos_ids.astype(np.int64)


def _gather_last(att, index):
    shape = np.broadcast_shapes(att.shape[:-2], ()) + index.shape
    return np.take_along_axis(att, np.broadcast_to(index, shape), axis=-1)


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    query_layer = np.asarray(query, dtype=np.float64)
    key_layer = np.asarray(key, dtype=np.float64)
    pos_query_layer = np.asarray(pos_query, dtype=np.float64)
    pos_key_layer = np.asarray(pos_key, dtype=np.float64)
    r_pos = np.asarray(relative_pos).astype(np.int64)
    att_span = pos_key_layer.shape[-2] // 2
    scale = np.sqrt(np.float64(query_layer.shape[-1]) * 3)

    c2c = query_layer @ np.swapaxes(key_layer, -1, -2)
    c2p_att = query_layer @ np.swapaxes(pos_key_layer, -1, -2)              # (..., N, 2k)
    c2p_pos = np.clip(r_pos + att_span, 0, att_span * 2 - 1)
    c2p = _gather_last(c2p_att, c2p_pos)
    p2c_att = key_layer @ np.swapaxes(pos_query_layer, -1, -2)              # (..., N keys, 2k)
    p2c_pos = np.clip(-r_pos + att_span, 0, att_span * 2 - 1)
    p2c = np.swapaxes(_gather_last(p2c_att, p2c_pos), -1, -2)

    attention_scores = query_layer @ np.swapaxes(key_layer / scale, -1, -2)
    scores = attention_scores + (c2p / scale + p2c / scale)
    lead = np.broadcast_shapes(c2c.shape, c2p.shape, p2c.shape)
    return {"c2c": np.broadcast_to(c2c, lead).copy(), "c2p": np.broadcast_to(c2p, lead).copy(),
            "p2c": np.broadcast_to(p2c, lead).copy(), "scores": np.broadcast_to(scores, lead).copy()}


def disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                num_heads, query_states=None):
    hidden_states = np.asarray(hidden_states, dtype=np.float64)
    if query_states is None:
        query_states = hidden_states
    query_states = np.asarray(query_states, dtype=np.float64)
    p = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    B, N, D = hidden_states.shape
    head = D // num_heads

    def transpose_for_scores(x):
        new_x_shape = x.shape[:-1] + (num_heads, head)
        x = x.reshape(new_x_shape)
        return np.moveaxis(x, -2, -3)                       # (..., heads, N, head)

    query_layer = transpose_for_scores(query_states @ p["query_w"] + p["query_b"])
    key_layer = transpose_for_scores(hidden_states @ p["key_w"] + p["key_b"])
    value_layer = transpose_for_scores(hidden_states @ p["value_w"] + p["value_b"])
    rel = np.asarray(rel_embeddings, dtype=np.float64)
    pos_key_layer = transpose_for_scores(rel @ p["pos_key_w"] + p["pos_key_b"])        # (heads, 2k, head)
    pos_query_layer = transpose_for_scores(rel @ p["pos_query_w"] + p["pos_query_b"])
    scores = disentangled_attention_scores(query_layer, key_layer, pos_query_layer, pos_key_layer,
                                           relative_pos)["scores"]
    # DebertaV2Encoder.get_attention_mask: pair (i, j) is kept when a_i * a_j == 1
    extended = np.asarray(attention_mask)[:, None, None, :]
    pair = (extended * np.swapaxes(extended, -1, -2)) != 0
    scores = np.where(pair, scores, np.finfo(np.float64).min)
    scores = scores - scores.max(axis=-1, keepdims=True)
    probs = np.exp(scores)
    probs = probs / probs.sum(axis=-1, keepdims=True)
    context_layer = probs @ value_layer                     # (B, heads, N, head)
    context_layer = np.moveaxis(context_layer, 1, 2)
    return context_layer.reshape(B, N, D)


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hidden_states = np.asarray(hidden_states, dtype=np.float64)
    z_states = np.asarray(abs_position_embeddings, dtype=np.float64) + hidden_states    # not +=: keep the input
    query_states = z_states
    outputs = []
    for _ in range(n_steps):
        output = disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                             num_heads, query_states=query_states)
        query_states = output
        outputs.append(query_states)
    return np.asarray(query_states, dtype=np.float64)
