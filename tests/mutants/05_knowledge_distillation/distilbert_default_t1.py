"""Gave distilbert_loss the default T=1.0 instead of the docstring's T=2.0."""
LOSES = ["distilbert_loss"]
MESSAGE = "use the docstring's default T=2.0"


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=1.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    s = np.asarray(student_logits, dtype=np.float64)
    t = np.asarray(teacher_logits, dtype=np.float64)
    y = np.asarray(labels)
    a = np.asarray(attention_mask).astype(bool)
    loss_ce = float(soft_target_loss(s[a], t[a], T))
    keep = y != -100
    logp = log_softmax_with_temperature(s[keep], 1.0)
    loss_mlm = float(-np.take_along_axis(logp, y[keep][:, None], axis=-1).mean())
    loss_cos = float(cosine_embedding_loss(np.asarray(student_hidden)[a], np.asarray(teacher_hidden)[a]))
    loss = alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos
    return {"loss": float(loss), "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
