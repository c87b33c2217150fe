"""Used F.cosine_similarity's eps=1e-8 as the default instead of the docstring's 1e-12."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "use the docstring's default eps=1e-12"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-8):
    s = np.asarray(student_hidden, dtype=np.float64)
    t = np.asarray(teacher_hidden, dtype=np.float64)
    cos = (s * t).sum(-1) / np.sqrt(((s * s).sum(-1) + eps) * ((t * t).sum(-1) + eps))
    return float(np.mean(1 - cos))
