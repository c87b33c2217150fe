"""Selected the real positions with x[attention_mask] on the 0/1 integer mask, which picks batch rows 0 and 1."""
LOSES = ["distilbert_loss"]
MESSAGE = "the 0/1 integer attention_mask was used as an index"


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    s = np.asarray(student_logits, dtype=np.float64)
    t = np.asarray(teacher_logits, dtype=np.float64)
    y = np.asarray(labels)
    a = np.asarray(attention_mask)
    loss_ce = float(soft_target_loss(s[a].reshape(-1, s.shape[-1]), t[a].reshape(-1, t.shape[-1]), T))
    keep = y != -100
    logp = log_softmax_with_temperature(s[keep], 1.0)
    loss_mlm = float(-np.take_along_axis(logp, y[keep][:, None], axis=-1).mean())
    loss_cos = float(cosine_embedding_loss(np.asarray(student_hidden)[a].reshape(-1, np.shape(student_hidden)[-1]), np.asarray(teacher_hidden)[a].reshape(-1, np.shape(teacher_hidden)[-1])))
    loss = alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos
    return {"loss": float(loss), "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
