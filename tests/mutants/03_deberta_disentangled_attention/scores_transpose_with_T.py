"""Transposed the keys with .T, which reverses every axis: right for one head (N, d), wrong for (B, h, N, d)."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "transpose only the last two axes"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q, k = np.asarray(query, dtype=np.float64), np.asarray(key, dtype=np.float64)
    qr, kr = np.asarray(pos_query, dtype=np.float64), np.asarray(pos_key, dtype=np.float64)
    span, n, d = kr.shape[-2] // 2, q.shape[-2], q.shape[-1]
    rel = np.asarray(relative_pos)
    c2c = q @ k.T
    c2p_all = q @ kr.T
    c2p = np.take_along_axis(c2p_all, np.broadcast_to(np.clip(rel + span, 0, 2 * span - 1), c2p_all.shape[:-2] + (n, n)), -1)
    p2c_all = k @ qr.T
    p2c_idx = np.clip(-rel + span, 0, 2 * span - 1)
    p2c = np.swapaxes(np.take_along_axis(p2c_all, np.broadcast_to(p2c_idx, p2c_all.shape[:-2] + (n, n)), -1), -1, -2)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / np.sqrt(3 * d)}
