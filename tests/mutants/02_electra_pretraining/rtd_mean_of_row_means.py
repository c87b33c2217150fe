"""Averaged each sequence over its real tokens, then averaged the sequences: rows with fewer tokens weigh more."""
LOSES = ["replaced_token_detection_loss"]
MESSAGE = "each sequence was averaged over its real tokens"


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    m = np.asarray(attention_mask, dtype=float)
    loss = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    rows = m.sum(1) > 0
    return float(((loss * m).sum(1)[rows] / m.sum(1)[rows]).mean())
