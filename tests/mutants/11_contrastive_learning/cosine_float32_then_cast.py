"""Computed in float32 for float32 inputs and only cast the result to float64 at the end (float32 precision, ~1e-7 off)."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "computed in float32 and only then converted"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a, b = np.asarray(a), np.asarray(b)
    a_hat = a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), a.dtype.type(eps))
    b_hat = b / np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), b.dtype.type(eps))
    return (a_hat @ b_hat.T).astype(np.float64)
