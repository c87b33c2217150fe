"""Computed the BCE from sigmoid probabilities clipped to [1e-7, 1 - 1e-7]: finite, but a large
wrong logit costs only -log(1e-7) = 16.1 instead of |logit|."""
LOSES = ["replaced_token_detection_loss"]
MESSAGE = "the sigmoid probabilities were clipped to"


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    active = np.asarray(attention_mask).astype(bool)
    with np.errstate(over="ignore"):
        p = np.clip(1.0 / (1.0 + np.exp(-x)), 1e-7, 1 - 1e-7)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(losses[active].mean())
