"""As PyTorch and DistilBERT's Distiller.step compute it: torch's softmax / log_softmax (max shift, then exp or log
of the sum), kl_div(input, target) = xlogy(target, target) - target * input with batchmean, CosineEmbeddingLoss's
sqrt((|a|^2 + eps) (|b|^2 + eps)), and masked_select of the active rows."""


def softmax_with_temperature(logits, T=1.0):
    x = np.asarray(logits, dtype=np.float64) / T
    if x.size == 0:
        return x.copy()
    x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax_with_temperature(logits, T=1.0):
    x = np.asarray(logits, dtype=np.float64) / T
    if x.size == 0:
        return x.copy()
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _xlogy(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_input = log_softmax_with_temperature(student_logits, T)          # log_softmax(s / T)
    target = np.exp(log_softmax_with_temperature(teacher_logits, T))     # softmax(t / T)
    pointwise = _xlogy(target, target) - target * log_input             # torch.kl_div
    return float(pointwise.sum() / log_input.shape[0] * T ** 2)           # reduction="batchmean", * T**2


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    input1 = np.asarray(student_hidden, dtype=np.float64)
    input2 = np.asarray(teacher_hidden, dtype=np.float64)
    prod_sum = (input1 * input2).sum(1)
    mag_square1 = (input1 * input1).sum(1) + eps
    mag_square2 = (input2 * input2).sum(1) + eps
    denom = np.sqrt(mag_square1 * mag_square2)
    cos = prod_sum / denom
    return float(np.mean(1 - cos))                                      # target = 1


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    s_logits = np.asarray(student_logits)
    t_logits = np.asarray(teacher_logits)
    mask = np.asarray(attention_mask).astype(bool)
    # masked_select(s_logits, mask.unsqueeze(-1).expand_as(s_logits)).view(-1, V)
    s_logits_slct = s_logits[mask].reshape(-1, s_logits.shape[-1])
    t_logits_slct = t_logits[mask].reshape(-1, t_logits.shape[-1])
    loss_ce = soft_target_loss(s_logits_slct, t_logits_slct, T)
    loss = alpha_ce * loss_ce
    # lm_loss_fct = CrossEntropyLoss(ignore_index=-100) on s_logits.view(-1, V), lm_labels.view(-1)
    flat = s_logits.reshape(-1, s_logits.shape[-1])
    lm_labels = np.asarray(labels).reshape(-1)
    keep = lm_labels != -100
    log_probs = log_softmax_with_temperature(flat[keep], 1.0)
    loss_mlm = float(-log_probs[np.arange(log_probs.shape[0]), lm_labels[keep]].mean())
    loss += alpha_mlm * loss_mlm
    s_hidden = np.asarray(student_hidden)
    t_hidden = np.asarray(teacher_hidden)
    dim = s_hidden.shape[-1]
    loss_cos = cosine_embedding_loss(s_hidden[mask].reshape(-1, dim), t_hidden[mask].reshape(-1, dim))
    loss += alpha_cos * loss_cos
    return {"loss": float(loss), "loss_ce": float(loss_ce), "loss_mlm": loss_mlm, "loss_cos": float(loss_cos)}
