"""Computed the scale sqrt(3 d) in float32, as transformers' torch code (scaled_size_sqrt with a float tensor)."""
LOSES = ["disentangled_attention_scores"]
MESSAGE = "the scale sqrt(3 d) is computed in float32"


def disentangled_attention_scores(query, key, pos_query, pos_key, relative_pos):
    q, kc, qr, kr = (np.asarray(a, dtype=np.float64) for a in (query, key, pos_query, pos_key))
    R = np.asarray(relative_pos)
    d = q.shape[-1]
    k = kr.shape[-2] // 2
    idx = np.clip(R + k, 0, 2 * k - 1)
    c2c = q @ np.swapaxes(kc, -1, -2)
    c2p_all = q @ np.swapaxes(kr, -1, -2)
    p2c_all = kc @ np.swapaxes(qr, -1, -2)
    shape = np.broadcast_shapes(c2c.shape, c2p_all.shape[:-1] + (R.shape[1],))
    c2p = np.take_along_axis(np.broadcast_to(c2p_all, shape[:-1] + (c2p_all.shape[-1],)),
                             np.broadcast_to(idx, shape), axis=-1)
    p2c = np.swapaxes(np.take_along_axis(np.broadcast_to(p2c_all, shape[:-1] + (p2c_all.shape[-1],)),
                                         np.broadcast_to(idx.T, shape), axis=-1), -1, -2)
    scores = (c2c + c2p + p2c) / np.float64(np.sqrt(np.float32(3 * d)))
    f = np.float64
    return {"c2c": c2c.astype(f), "c2p": c2p.astype(f), "p2c": p2c.astype(f), "scores": scores.astype(f)}
