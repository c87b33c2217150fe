"""Took the span as pos_key.shape[0] // 2: with per-head tables (h, 2k, d) that is h // 2, not k."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "k was taken from pos_key.shape[0]"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q, k = np.asarray(query, dtype=float), np.asarray(key, dtype=float)
    qr, kr = np.asarray(pos_query, dtype=float), np.asarray(pos_key, dtype=float)
    rel = np.asarray(relative_pos)
    span, n, d = kr.shape[0] // 2, q.shape[-2], q.shape[-1]
    c2c = q @ np.swapaxes(k, -1, -2)
    c2p_all = q @ np.swapaxes(kr, -1, -2)
    top = kr.shape[-2] - 1
    c2p_idx = np.clip(rel + span, 0, top)
    c2p = np.take_along_axis(c2p_all, np.broadcast_to(c2p_idx, c2p_all.shape[:-2] + (n, n)), axis=-1)
    p2c_all = k @ np.swapaxes(qr, -1, -2)
    idx = np.clip(-rel + span, 0, top)
    p2c = np.swapaxes(np.take_along_axis(p2c_all, np.broadcast_to(idx, p2c_all.shape[:-2] + (n, n)), axis=-1), -1, -2)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / np.sqrt(3 * d)}
