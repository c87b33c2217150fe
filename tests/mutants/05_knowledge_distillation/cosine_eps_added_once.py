"""Added eps once to the product of the squared norms, sqrt(|h_s|^2 |h_t|^2 + eps)."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "eps is added once"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    s = np.asarray(student_hidden, dtype=np.float64)
    t = np.asarray(teacher_hidden, dtype=np.float64)
    cos = (s * t).sum(-1) / np.sqrt((s * s).sum(-1) * (t * t).sum(-1) + eps)
    return float(np.mean(1 - cos))
