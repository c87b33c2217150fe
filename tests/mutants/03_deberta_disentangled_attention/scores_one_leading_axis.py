"""Gathered c2p and p2c with fancy indexing [:, rows, idx], which assumes exactly one leading axis
(fails for a single head (N, d) and for (B, h, N, d))."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "the gather indexes the wrong axes"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q = np.asarray(query, dtype=np.float64)
    k = np.asarray(key, dtype=np.float64)
    qr = np.asarray(pos_query, dtype=np.float64)
    kr = np.asarray(pos_key, dtype=np.float64)
    rel = np.asarray(relative_pos, dtype=np.int64)
    span, n, d = kr.shape[-2] // 2, q.shape[-2], q.shape[-1]
    rows = np.arange(n)[:, None]
    c2c = q @ np.swapaxes(k, -1, -2)
    c2p_all = q @ np.swapaxes(kr, -1, -2)
    c2p = c2p_all[:, rows, np.clip(rel + span, 0, 2 * span - 1)]
    p2c_all = k @ np.swapaxes(qr, -1, -2)
    p2c = np.swapaxes(p2c_all[:, rows, np.clip(-rel + span, 0, 2 * span - 1)], -1, -2)
    scores = (c2c + c2p + p2c) / np.sqrt(3 * d)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": scores}
