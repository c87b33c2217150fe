"""Took every input's logits at the first input's mask position (mask_positions[0]) instead of each input's own."""
LOSES = ["pvp_class_distribution"]
MESSAGE = "the first input's mask position"


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    logits = np.asarray(mlm_logits, dtype=np.float64)
    pos = np.asarray(mask_positions)
    at_mask = logits[:, pos[0]]
    ids = np.asarray(label_token_ids)
    valid = ids >= 0
    scores = (at_mask[:, np.where(valid, ids, 0)] * valid).sum(axis=-1) / valid.sum(axis=-1)
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return {"scores": scores, "probs": e / e.sum(axis=1, keepdims=True)}
