"""Divided the dot product by |h_s| |h_t| without eps: a zero row gives 0 / 0 = nan."""
LOSES = ["cosine_embedding_loss"]
MESSAGE = "add eps to each squared norm"


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    hs = np.asarray(student_hidden, dtype=np.float64)
    ht = np.asarray(teacher_hidden, dtype=np.float64)
    cos = (hs * ht).sum(-1) / (np.linalg.norm(hs, axis=-1) * np.linalg.norm(ht, axis=-1))
    return float(np.mean(1.0 - cos))
