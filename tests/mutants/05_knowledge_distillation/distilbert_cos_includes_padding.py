"""Computed loss_cos over every position, padding included."""
LOSES = ["distilbert_loss"]
MESSAGE = "loss_cos: padding positions are included"


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    keep = np.asarray(attention_mask).astype(bool)                       # (B, S)
    s = np.asarray(student_logits, dtype=np.float64)
    t = np.asarray(teacher_logits, dtype=np.float64)
    loss_ce = soft_target_loss(s[keep], t[keep], T)                      # rows: (N_real, V)

    labels = np.asarray(labels).reshape(-1)                              # (B*S,)
    masked = labels != -100
    log_p = log_softmax_with_temperature(s.reshape(-1, s.shape[-1])[masked], 1.0)  # (M, V)
    loss_mlm = float(-log_p[np.arange(log_p.shape[0]), labels[masked]].mean())

    hs_all, ht_all = np.asarray(student_hidden), np.asarray(teacher_hidden)
    loss_cos = cosine_embedding_loss(hs_all.reshape(-1, hs_all.shape[-1]), ht_all.reshape(-1, ht_all.shape[-1]))
    total = alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos
    return {"loss": float(total), "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
