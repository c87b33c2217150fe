"""Squeezed the logits at the mask, which drops the batch axis when B = 1."""
LOSES = ["pvp_class_distribution"]
MESSAGE = "with a batch of one input (B=1)"


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    ids = np.asarray(label_token_ids)
    valid = ids >= 0
    at_mask = np.asarray(mlm_logits, dtype=np.float64)[np.arange(len(mask_positions)), mask_positions].squeeze()
    scores = (at_mask[..., np.where(valid, ids, 0)] * valid).sum(axis=-1) / valid.sum(axis=-1)
    z = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return {"scores": scores, "probs": e / e.sum(axis=-1, keepdims=True)}
