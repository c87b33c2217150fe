"""Computed in the inputs' own dtype: float32 inputs give float32 scores instead of float64."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "['c2c'] has dtype float32: the docstring promises float64"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q, k, qr, kr = (np.asarray(a) for a in (query, key, pos_query, pos_key))
    span, n, d = kr.shape[-2] // 2, q.shape[-2], q.shape[-1]
    rel = np.asarray(relative_pos)
    c2c = q @ np.swapaxes(k, -1, -2)
    c2p_all = q @ np.swapaxes(kr, -1, -2)
    c2p = np.take_along_axis(c2p_all, np.broadcast_to(np.clip(rel + span, 0, 2 * span - 1), c2p_all.shape[:-2] + (n, n)), -1)
    p2c_all = k @ np.swapaxes(qr, -1, -2)
    p2c_idx = np.clip(-rel + span, 0, 2 * span - 1)
    p2c = np.swapaxes(np.take_along_axis(p2c_all, np.broadcast_to(p2c_idx, p2c_all.shape[:-2] + (n, n)), -1), -1, -2)
    return {"c2c": c2c, "c2p": c2p, "p2c": p2c, "scores": (c2c + c2p + p2c) / np.sqrt(3 * d)}
