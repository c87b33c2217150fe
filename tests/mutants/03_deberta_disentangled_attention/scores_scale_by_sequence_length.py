"""Took d from the wrong axis (query.shape[-2], the sequence length N): the scale is right only when N == d."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "the scale uses the sequence length N"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q, k = np.asarray(query, dtype=float), np.asarray(key, dtype=float)
    qr, kr = np.asarray(pos_query, dtype=float), np.asarray(pos_key, dtype=float)
    rel = np.asarray(relative_pos)
    span, n = kr.shape[-2] // 2, q.shape[-2]
    d = q.shape[-2]
    c2c = q @ np.swapaxes(k, -1, -2)
    c2p_all = q @ np.swapaxes(kr, -1, -2)
    c2p_idx = np.clip(rel + span, 0, 2 * span - 1)
    c2p = np.take_along_axis(c2p_all, np.broadcast_to(c2p_idx, c2p_all.shape[:-2] + (n, n)), axis=-1)
    p2c_all = k @ np.swapaxes(qr, -1, -2)
    idx = np.clip(-rel + span, 0, 2 * span - 1)
    p2c = np.swapaxes(np.take_along_axis(p2c_all, np.broadcast_to(idx, p2c_all.shape[:-2] + (n, n)), axis=-1), -1, -2)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / np.sqrt(3 * d)}
