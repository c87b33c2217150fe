"""Averaged the MLM loss per sequence, then over the sequences that have a masked token: rows with fewer masks weigh more."""
LOSES = ["electra_loss"]
MESSAGE = "the MLM loss was averaged per sequence"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=float)
    y = np.asarray(mlm_labels)
    m = z.max(-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))
    keep = y != -100
    picked = np.take_along_axis(logp, np.where(keep, y, 0)[..., None], axis=-1)[..., 0]
    counts = keep.sum(-1)
    rows = counts > 0
    mlm = float(((-(picked * keep).sum(-1))[rows] / counts[rows]).mean())
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
