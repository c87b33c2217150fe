"""Normalised the rows in place (`a /= norm`): np.asarray(a, dtype=np.float64) is the caller's array."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "cosine_similarity_matrix changed the `a`, `b` you passed in"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a /= np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), eps)
    b /= np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), eps)
    return a @ b.T
