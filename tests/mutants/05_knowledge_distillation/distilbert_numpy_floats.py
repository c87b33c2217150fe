"""Returned the four losses as np.float64 values (no float(...)), not the Python floats the docstring promises."""
LOSES = ["distilbert_loss"]
MESSAGE = "must be a Python float"


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    s = np.asarray(student_logits, dtype=np.float64)
    t = np.asarray(teacher_logits, dtype=np.float64)
    y = np.asarray(labels)
    a = np.asarray(attention_mask).astype(bool)
    loss_ce = soft_target_loss(s[a], t[a], T)
    keep = y != -100
    logp = log_softmax_with_temperature(s[keep], 1.0)
    loss_mlm = -np.take_along_axis(logp, y[keep][:, None], axis=-1).mean()
    loss_cos = cosine_embedding_loss(np.asarray(student_hidden)[a], np.asarray(teacher_hidden)[a])
    loss = alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos
    return {"loss": loss, "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
