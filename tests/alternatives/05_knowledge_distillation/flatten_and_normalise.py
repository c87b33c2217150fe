"""Reshape-based: leading axes flattened to (rows, C) and restored, temperature applied after the max shift ((z -
max) / T), KL summed as one q * (log q - log p) over the whole matrix, cosine as the dot product of eps-normalised
rows, and the DistilBERT terms selected with np.nonzero."""


def _rows(logits):
    z = np.asarray(logits, dtype=np.float64)
    return z.reshape(-1, z.shape[-1]) if z.ndim else z.reshape(1, 1), z.shape


def softmax_with_temperature(logits, T=1.0):
    z, shape = _rows(logits)
    if z.shape[0] == 0:
        return np.zeros(shape, dtype=np.float64)
    w = np.exp((z - z.max(axis=1)[:, None]) / T)
    return (w / w.sum(axis=1)[:, None]).reshape(shape)


def log_softmax_with_temperature(logits, T=1.0):
    z, shape = _rows(logits)
    if z.shape[0] == 0:
        return np.zeros(shape, dtype=np.float64)
    u = (z - z.max(axis=1)[:, None]) / T
    return (u - np.log(np.exp(u).sum(axis=1))[:, None]).reshape(shape)


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    log_q = log_softmax_with_temperature(teacher_logits, T)
    kl_total = np.sum(np.exp(log_q) * (log_q - log_p))
    return float(kl_total * T ** 2 / np.shape(student_logits)[0])


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    a = np.asarray(student_hidden, dtype=np.float64)
    b = np.asarray(teacher_hidden, dtype=np.float64)
    a_unit = a / np.sqrt((a ** 2).sum(axis=1, keepdims=True) + eps)
    b_unit = b / np.sqrt((b ** 2).sum(axis=1, keepdims=True) + eps)
    return float(1.0 - (a_unit * b_unit).sum(axis=1).mean())


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    bi, si = np.nonzero(np.asarray(attention_mask) == 1)
    s = np.asarray(student_logits)
    loss_ce = soft_target_loss(s[bi, si], np.asarray(teacher_logits)[bi, si], T)
    loss_cos = cosine_embedding_loss(np.asarray(student_hidden)[bi, si], np.asarray(teacher_hidden)[bi, si])
    y = np.asarray(labels)
    lb, ls = np.nonzero(y != -100)
    log_p = log_softmax_with_temperature(s[lb, ls], T=1.0)
    loss_mlm = float(-np.mean(log_p[np.arange(len(lb)), y[lb, ls]]))
    parts = {"loss_ce": float(loss_ce), "loss_mlm": loss_mlm, "loss_cos": float(loss_cos)}
    parts["loss"] = float(alpha_ce * parts["loss_ce"] + alpha_mlm * parts["loss_mlm"] + alpha_cos * parts["loss_cos"])
    return parts
