"""Replaced the -100 labels by 0 in the caller's array (to index with them) after computing the mask."""
LOSES = ["distilbert_loss"]
MESSAGE = "distilbert_loss changed the `labels` you passed in"


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    keep = np.asarray(attention_mask).astype(bool)
    s, t = np.asarray(student_logits, dtype=np.float64), np.asarray(teacher_logits, dtype=np.float64)
    loss_ce = soft_target_loss(s[keep], t[keep], T)
    masked = labels != -100
    labels[~masked] = 0
    log_p = log_softmax_with_temperature(s, 1.0)
    picked = np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    loss_mlm = float(-picked[masked].mean())
    loss_cos = cosine_embedding_loss(np.asarray(student_hidden)[keep], np.asarray(teacher_hidden)[keep])
    return {"loss": alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos,
            "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
