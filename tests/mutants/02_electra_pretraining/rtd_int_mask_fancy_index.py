"""Selected the real tokens with loss[attention_mask]: a 0/1 integer mask indexes rows 0 and 1, not positions."""
LOSES = ["replaced_token_detection_loss"]
MESSAGE = "the 0/1 integer attention_mask was used as an index"


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    loss = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return float(loss[np.asarray(attention_mask)].mean())
