"""Log-sum-exp with np.logaddexp.reduce: log_softmax = z - logaddexp.reduce(z), softmax = exp(log_softmax); KL as
cross-entropy minus entropy; cosine with sqrt(|a|^2 + eps) * sqrt(|b|^2 + eps) and einsum dot products; MLM cross-
entropy gathered with take_along_axis over all positions and averaged with a weight mask."""


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    if z.size == 0:
        return np.zeros(z.shape, dtype=np.float64)
    return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)


def softmax_with_temperature(logits, T=1.0):
    return np.exp(log_softmax_with_temperature(logits, T))


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    log_q = log_softmax_with_temperature(teacher_logits, T)
    q = np.exp(log_q)
    cross_entropy = -np.sum(q * log_p, axis=-1)
    entropy = -np.sum(q * log_q, axis=-1)
    return float(T * T * np.mean(cross_entropy - entropy))


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    a = np.asarray(student_hidden, dtype=np.float64)
    b = np.asarray(teacher_hidden, dtype=np.float64)
    dots = np.einsum("nd,nd->n", a, b)
    norms = np.sqrt(np.einsum("nd,nd->n", a, a) + eps) * np.sqrt(np.einsum("nd,nd->n", b, b) + eps)
    return float(np.mean(1.0 - dots / norms))


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    real = np.asarray(attention_mask) == 1
    loss_ce = float(soft_target_loss(np.asarray(student_logits)[real], np.asarray(teacher_logits)[real], T))
    y = np.asarray(labels)
    weight = (y != -100).astype(np.float64)
    log_p = log_softmax_with_temperature(student_logits, 1.0)
    picked = np.take_along_axis(log_p, np.where(y == -100, 0, y)[..., None].astype(np.int64), axis=-1)[..., 0]
    loss_mlm = float(-np.sum(picked * weight) / np.sum(weight))
    loss_cos = float(cosine_embedding_loss(np.asarray(student_hidden)[real], np.asarray(teacher_hidden)[real]))
    total = alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos
    return {"loss": float(total), "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
