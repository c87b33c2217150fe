"""Special-cased an empty input with np.array([]): shape (0,) instead of (N, M) with N or M = 0."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "has shape (0,), expected (0, 2)"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if len(a) == 0 or len(b) == 0:
        return np.array([])
    a_hat = a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), eps)
    b_hat = b / np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), eps)
    return a_hat @ b_hat.T
