"""Replaced the -1 padding by 0 directly in label_token_ids (the caller's array) before gathering."""
LOSES = ["pvp_class_distribution"]
MESSAGE = "pvp_class_distribution changed the `label_token_ids` you passed in"


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    ids = label_token_ids
    valid = ids >= 0
    ids[~valid] = 0
    at_mask = mlm_logits[np.arange(len(mask_positions)), mask_positions]
    scores = (at_mask[:, ids] * valid).sum(axis=-1) / valid.sum(axis=-1)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return {"scores": scores, "probs": e / e.sum(axis=1, keepdims=True)}
