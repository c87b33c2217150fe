"""cosine_similarity_matrix ignores its eps argument and always clamps the norms at 1e-8."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "is ignored (the default 1e-8 is used): clamp each norm at the eps you are given"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    na = np.maximum(np.linalg.norm(a, axis=1), 1e-8)
    nb = np.maximum(np.linalg.norm(b, axis=1), 1e-8)
    return (a @ b.T) / np.outer(na, nb)
