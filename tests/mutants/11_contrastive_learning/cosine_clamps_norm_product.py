"""Clamped the product of the norms, max(|a||b|, eps), instead of each norm, max(|a|, eps) * max(|b|, eps):
the same unless a norm is below eps."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "the clamp is applied to the product of the norms"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    na = np.linalg.norm(a, axis=-1)
    nb = np.linalg.norm(b, axis=-1)
    return (a @ b.T) / np.maximum(np.outer(na, nb), eps)
