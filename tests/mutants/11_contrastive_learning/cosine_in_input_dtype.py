"""Computed in the inputs' dtype: float32 embeddings give a float32 similarity matrix instead of float64."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "the docstring promises float64"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a, b = np.asarray(a), np.asarray(b)
    a_hat = a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), a.dtype.type(eps))
    b_hat = b / np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), b.dtype.type(eps))
    return a_hat @ b_hat.T
