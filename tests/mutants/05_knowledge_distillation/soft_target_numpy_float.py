"""Returned the np.float64 of the sum (no float(...)), not the Python float the docstring promises."""
LOSES = ["soft_target_loss"]
MESSAGE = "must be a Python float"


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    log_q = log_softmax_with_temperature(teacher_logits, T)
    q = np.exp(log_q)
    return (q * (log_q - log_p)).sum() / np.asarray(student_logits).shape[0] * T ** 2
