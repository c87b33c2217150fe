"""Computed the soft cross-entropy -sum q log p instead of the KL divergence (the teacher's entropy term is missing)."""
LOSES = ["soft_target_loss"]
MESSAGE = "this is the soft cross-entropy"


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)     # (N, C) student
    log_q = log_softmax_with_temperature(teacher_logits, T)     # (N, C) teacher
    q = np.exp(log_q)
    n = log_p.shape[0]
    return float((-q * log_p).sum() / n * T ** 2)
