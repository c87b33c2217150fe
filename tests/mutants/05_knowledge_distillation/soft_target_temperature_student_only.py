"""Softened only the student: the teacher's distribution is taken at T = 1."""
LOSES = ["soft_target_loss"]
MESSAGE = "the teacher's probabilities are taken at T=1"


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)     # (N, C) student
    log_q = log_softmax_with_temperature(teacher_logits, 1.0)     # (N, C) teacher
    q = np.exp(log_q)
    n = log_p.shape[0]
    return float((q * (log_q - log_p)).sum() / n * T ** 2)
