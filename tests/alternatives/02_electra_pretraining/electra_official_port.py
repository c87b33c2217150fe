"""As ELECTRA's official code and torch compute it: argmax of softmax(logits / T + g) (sample_from_softmax), scatter
arithmetic ids * (1 - m) + samples * m with labels m * (1 - equal), torch's (1 - y) x - logsigmoid(x), and
cross_entropy as nll_loss(log_softmax) with ignore_index."""


def gumbel_sample(logits, uniform, temperature=1.0):
    logits = np.asarray(logits, dtype=np.float64) / temperature
    uniform_noise = np.asarray(uniform, dtype=np.float64)
    gumbel_noise = -np.log(-np.log(uniform_noise + 1e-9) + 1e-9)
    x = logits + gumbel_noise
    if x.shape[-1] == 0 or x.size == 0:
        return np.zeros(x.shape[:-1], dtype=np.int64)
    shifted = x - x.max(axis=-1, keepdims=True)
    probs = np.exp(shifted)
    probs = probs / probs.sum(axis=-1, keepdims=True)
    return np.asarray(np.argmax(probs, axis=-1), dtype=np.int64)


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids).astype(np.int64)
    m = np.asarray(masked_positions).astype(np.int64)
    updated_ids = ids * (1 - m) + np.asarray(sampled_ids).astype(np.int64) * m     # scatter_update
    labels = m * (1 - (updated_ids == ids).astype(np.int64))
    return updated_ids, labels.astype(np.int64)


def _log_sigmoid(x):
    # torch: log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|))
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def replaced_token_detection_loss(logits, labels, attention_mask):
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    active = np.asarray(attention_mask).reshape(-1) == 1          # HF: attention_mask.view(-1) == 1
    active_logits = x.reshape(-1)[active]
    active_labels = y.reshape(-1)[active]
    loss = (1.0 - active_labels) * active_logits - _log_sigmoid(active_logits)
    return float(loss.mean())


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    V = z.shape[-1]
    z = z.reshape(-1, V)
    target = np.asarray(mlm_labels).reshape(-1).astype(np.int64)
    log_probs = z - z.max(axis=1, keepdims=True)
    log_probs = log_probs - np.log(np.exp(log_probs).sum(axis=1, keepdims=True))
    keep = target != -100
    nll = -log_probs[np.arange(target.size)[keep], target[keep]]
    mlm_loss = float(nll.sum() / keep.sum())
    disc_loss = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": float(mlm_loss + disc_weight * disc_loss), "mlm_loss": mlm_loss, "disc_loss": disc_loss}
