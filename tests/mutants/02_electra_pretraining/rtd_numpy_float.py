"""Returned the np.float64 of the masked mean, not the Python float the docstring promises."""
LOSES = ["replaced_token_detection_loss"]
MESSAGE = "must be a Python float"


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    m = np.asarray(attention_mask, dtype=float)
    loss = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return (loss * m).sum() / m.sum()
