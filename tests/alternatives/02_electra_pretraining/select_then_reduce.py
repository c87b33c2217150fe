"""Select first, then reduce: boolean-index the real / labelled rows, flatten leading axes to 2-D for sampling,
np.where for corruption, -y log sigma(x) - (1 - y) log sigma(-x) with a stable log-sigmoid, and log-softmax via
one-hot einsum."""


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64)
    lead, V = z.shape[:-1], z.shape[-1]
    scores = z.reshape(-1, V) / temperature \
        - np.log(-np.log(np.asarray(uniform, dtype=np.float64).reshape(-1, V) + 1e-9) + 1e-9)
    return scores.argmax(axis=1).astype(np.int64).reshape(lead)


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids)
    corrupted = np.where(np.asarray(masked_positions) != 0, np.asarray(sampled_ids), ids).astype(np.int64)
    labels = (corrupted != ids.astype(np.int64)).astype(np.int64)
    return corrupted, labels


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def replaced_token_detection_loss(logits, labels, attention_mask):
    real = np.asarray(attention_mask).astype(bool)
    x = np.asarray(logits, dtype=np.float64)[real]
    y = np.asarray(labels, dtype=np.float64)[real]
    return float(np.mean(-y * _log_sigmoid(x) - (1.0 - y) * _log_sigmoid(-x)))


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits, dtype=np.float64)
    labels = np.asarray(mlm_labels)
    rows = z[labels != -100]                                  # (M, V)
    targets = labels[labels != -100].astype(np.int64)
    m = rows.max(axis=1, keepdims=True)
    log_probs = rows - m - np.log(np.sum(np.exp(rows - m), axis=1, keepdims=True))
    one_hot = np.eye(rows.shape[1])[targets]
    mlm = float(-np.einsum("mv,mv->", one_hot, log_probs) / len(targets))
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
