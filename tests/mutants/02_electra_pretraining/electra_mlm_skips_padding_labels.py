"""Averaged the MLM loss over positions whose label is not -100 AND whose attention_mask is 1."""
LOSES = ["electra_loss"]
MESSAGE = "the MLM loss also skips positions where attention_mask is 0"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=float)
    y = np.asarray(mlm_labels)
    a = np.asarray(attention_mask)
    m = z.max(-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))
    keep = (y != -100) & (a == 1)
    picked = np.take_along_axis(logp, np.where(y == -100, 0, y)[..., None], axis=-1)[..., 0]
    mlm = float(-picked[keep].mean())
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
