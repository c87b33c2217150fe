"""Summed the dot products and norms over axis 0 (over the rows) instead of over the features."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "taken over axis 0 (down the rows)"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    hs = np.asarray(student_hidden, dtype=np.float64)
    ht = np.asarray(teacher_hidden, dtype=np.float64)
    dot = (hs * ht).sum(axis=0)                                                  # (N,)
    norms = np.sqrt(((hs * hs).sum(axis=0) + eps) * ((ht * ht).sum(axis=0) + eps))  # (N,)
    return float(np.mean(1.0 - dot / norms))
