"""Algebraically equivalent forms: argmax of logits + T * g (scaling by T > 0 keeps the argmax), softplus(x) - x y
with np.logaddexp(0, x), masked sums divided by the mask count, and logsumexp with np.logaddexp.reduce."""


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64)
    g = -np.log(-np.log(np.asarray(uniform, dtype=np.float64) + 1e-9) + 1e-9)
    return np.asarray(np.argmax(z + temperature * g, axis=-1)).astype(np.int64)


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    original = np.asarray(input_ids).astype(np.int64)
    corrupted = original.copy()
    np.copyto(corrupted, np.asarray(sampled_ids).astype(np.int64), where=np.asarray(masked_positions).astype(bool))
    return corrupted, np.not_equal(corrupted, original).astype(np.int64)


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    a = (np.asarray(attention_mask) == 1).astype(np.float64)
    per_token = np.logaddexp(0.0, x) - x * y               # softplus(x) - x y
    return float(np.sum(per_token * a) / np.sum(a))


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    labels = np.asarray(mlm_labels)
    keep = labels != -100
    safe = np.where(keep, labels, 0).astype(np.int64)
    lse = np.logaddexp.reduce(z, axis=-1)
    picked = np.take_along_axis(z, safe[..., None], axis=-1)[..., 0]
    mlm = float(np.sum(np.where(keep, lse - picked, 0.0)) / np.count_nonzero(keep))
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": float(mlm + disc_weight * disc), "mlm_loss": mlm, "disc_loss": disc}
