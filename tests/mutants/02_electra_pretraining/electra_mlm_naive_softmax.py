"""Computed the generator's softmax as exp(z) / sum(exp(z)) without subtracting the maximum: overflows."""
LOSES = ["electra_loss"]
MESSAGE = "mlm_loss of electra_loss with generator logits of scale 300.0 contains nan or inf"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    e = np.exp(np.asarray(generator_logits, dtype=np.float64))
    p = e / e.sum(axis=-1, keepdims=True)
    y = np.asarray(mlm_labels)
    keep = y != -100
    picked = np.take_along_axis(p, np.where(keep, y, 0)[..., None], axis=-1)[..., 0]
    mlm_loss = float(-np.log(picked[keep]).mean())
    disc_loss = replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask)
    return {"loss": mlm_loss + disc_weight * disc_loss, "mlm_loss": mlm_loss, "disc_loss": disc_loss}
