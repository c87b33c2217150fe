"""Hard-coded eps = 1e-12 in the cosine: the eps argument is ignored."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "is the eps argument ignored"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    s = np.asarray(student_hidden, dtype=np.float64)
    t = np.asarray(teacher_hidden, dtype=np.float64)
    cos = (s * t).sum(-1) / np.sqrt(((s * s).sum(-1) + 1e-12) * ((t * t).sum(-1) + 1e-12))
    return float(np.mean(1 - cos))
