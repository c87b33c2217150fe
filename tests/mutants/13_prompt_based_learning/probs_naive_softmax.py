"""Softmax as exp(scores) / sum(exp(scores)) without subtracting the maximum: large logits overflow."""
LOSES = ["pvp_class_distribution"]
MESSAGE = "contains nan or inf where the expected values are finite"


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    ids = np.asarray(label_token_ids)
    valid = ids >= 0
    at_mask = np.asarray(mlm_logits, dtype=np.float64)[np.arange(len(mask_positions)), mask_positions]
    scores = (at_mask[:, np.where(valid, ids, 0)] * valid).sum(axis=-1) / valid.sum(axis=-1)
    e = np.exp(scores)
    return {"scores": scores, "probs": e / e.sum(axis=1, keepdims=True)}
