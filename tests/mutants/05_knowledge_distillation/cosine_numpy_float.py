"""Returned np.mean(1 - cos), an np.float64, not the Python float the docstring promises."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "must be a Python float"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    s = np.asarray(student_hidden, dtype=np.float64)
    t = np.asarray(teacher_hidden, dtype=np.float64)
    cos = (s * t).sum(-1) / np.sqrt(((s * s).sum(-1) + eps) * ((t * t).sum(-1) + eps))
    return np.mean(1 - cos)
