"""Returned the three losses as np.float64 values (no float(...)), not the Python floats the docstring promises."""
LOSES = ["electra_loss"]
MESSAGE = "must be a Python float"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=float)
    y = np.asarray(mlm_labels)
    m = z.max(-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))
    keep = y != -100
    picked = np.take_along_axis(logp, np.where(keep, y, 0)[..., None], axis=-1)[..., 0]
    mlm = -picked[keep].mean()
    disc = np.float64(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
