"""Softmax over the batch axis (axis 0) instead of over the K labels."""
LOSES = ["pvp_class_distribution"]
MESSAGE = "the softmax runs over the batch (axis 0)"


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    """PET's class scores from MLM logits at the mask, and their softmax over the labels.

    mlm_logits: float array (B, S, V); mask_positions: int array (B,) (index of [MASK] in each input);
    label_token_ids: int array (K, W) from verbalizer_token_ids (-1 = padding).
    B, K >= 1; logits of any float dtype. Returns a dict of float64 arrays of shape (B, K):
      "scores": the mean, over each label's words, of the logit at the mask position;
      "probs": softmax of "scores" over the K labels (computed stably).
    """
    logits = np.asarray(mlm_logits, dtype=np.float64)
    pos = np.asarray(mask_positions)
    at_mask = logits[np.arange(len(pos)), pos]                      # (B, V)
    ids = np.asarray(label_token_ids)
    valid = ids >= 0                                                # (K, W)
    gathered = at_mask[:, np.where(valid, ids, 0)]                  # (B, K, W)
    scores = (gathered * valid).sum(axis=-1) / valid.sum(axis=-1)   # (B, K)
    z = scores - scores.max(axis=0, keepdims=True)
    e = np.exp(z)
    return {"scores": scores, "probs": e / e.sum(axis=0, keepdims=True)}
