"""Clamped each norm at eps, as F.cosine_similarity does, instead of adding eps to each squared norm."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "eps is added to each squared norm inside the square root"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    hs = np.asarray(student_hidden, dtype=np.float64)
    ht = np.asarray(teacher_hidden, dtype=np.float64)
    ns = np.maximum(np.linalg.norm(hs, axis=-1), eps)
    nt = np.maximum(np.linalg.norm(ht, axis=-1), eps)
    return float(np.mean(1.0 - (hs * ht).sum(-1) / (ns * nt)))
