"""Computed q * log(q) from the teacher's probabilities (np.log(softmax)): a probability that underflows gives 0 * log 0 = nan."""
LOSES = ["soft_target_loss"]
MESSAGE = "log of 0"


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    z = np.asarray(teacher_logits, dtype=np.float64) / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    q = e / e.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = (q * np.log(q) - q * log_p).sum()
    return float(kl / q.shape[0] * T ** 2)
