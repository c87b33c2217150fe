"""Computed the MLM log-probabilities as log(softmax) after subtracting the row maximum: a label whose probability underflows to 0 gives log(0) = -inf."""
import numpy as np
LOSES = ["electra_loss"]
MESSAGE = "a label's probability underflowed to 0 and log(0) = -inf"

def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    y = np.asarray(mlm_labels)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    keep = y != -100
    with np.errstate(divide="ignore"):
        logp = np.log(np.take_along_axis(p, np.where(keep, y, 0)[..., None], axis=-1)[..., 0])
    mlm = float(-logp[keep].mean())
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
