"""Gathered log_probs at mlm_labels before dropping the -100 positions: index -100 raises when V < 100."""
LOSES = ["electra_loss"]
MESSAGE = "the -100 labels were used as indices"


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=float)
    y = np.asarray(mlm_labels)
    m = z.max(-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))
    picked = np.take_along_axis(logp, y[..., None], axis=-1)[..., 0]
    mlm = float(-picked[y != -100].mean())
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
