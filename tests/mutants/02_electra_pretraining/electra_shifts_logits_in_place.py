"""Subtracted the row maximum in place (`z -= z.max(...)`), shifting the caller's generator logits."""
LOSES = ["electra_loss"]
MESSAGE = "electra_loss changed the `generator_logits` you passed in"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    z -= z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    y = np.asarray(mlm_labels)
    keep = y != -100
    mlm_loss = float(-np.take_along_axis(log_p, np.where(keep, y, 0)[..., None], axis=-1)[..., 0][keep].mean())
    disc_loss = replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask)
    return {"loss": mlm_loss + disc_weight * disc_loss, "mlm_loss": mlm_loss, "disc_loss": disc_loss}
