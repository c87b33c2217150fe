"""Gave soft_target_loss the default T=1.0 instead of the docstring's T=2.0."""
LOSES = ["soft_target_loss"]
MESSAGE = "the docstring's default is T=2.0"


def soft_target_loss(student_logits, teacher_logits, T=1.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    log_q = log_softmax_with_temperature(teacher_logits, T)
    return float((np.exp(log_q) * (log_q - log_p)).sum() / np.asarray(student_logits).shape[0] * T ** 2)
