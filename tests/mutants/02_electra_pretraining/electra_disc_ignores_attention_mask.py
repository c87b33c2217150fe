"""Computed the discriminator loss inline, averaged over every position including padding, instead of
calling replaced_token_detection_loss with the attention mask."""
LOSES = ["electra_loss"]
MESSAGE = "disc_loss includes the padding positions"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    y = np.asarray(mlm_labels).reshape(-1)
    keep = y != -100
    log_p = log_p.reshape(-1, log_p.shape[-1])[keep]
    mlm_loss = float(-log_p[np.arange(log_p.shape[0]), y[keep]].mean())
    x = np.asarray(discriminator_logits, dtype=np.float64)
    t = np.asarray(discriminator_labels, dtype=np.float64)
    disc_loss = float((np.maximum(x, 0.0) - x * t + np.log1p(np.exp(-np.abs(x)))).mean())
    return {"loss": mlm_loss + disc_weight * disc_loss, "mlm_loss": mlm_loss, "disc_loss": disc_loss}
