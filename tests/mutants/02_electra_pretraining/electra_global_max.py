"""Subtracted the global maximum of the generator logits instead of each row's: rows far below it underflow to log(0)."""
LOSES = ["electra_loss"]
MESSAGE = "the GLOBAL maximum was subtracted"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=float)
    y = np.asarray(mlm_labels)
    with np.errstate(divide="ignore"):
        logp = z - z.max() - np.log(np.exp(z - z.max()).sum(-1, keepdims=True))
    keep = y != -100
    picked = np.take_along_axis(logp, np.where(keep, y, 0)[..., None], axis=-1)[..., 0]
    mlm = float(-picked[keep].mean())
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
