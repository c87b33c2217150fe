"""Returned np.zeros((N, M), dtype=a.dtype) for an empty input: float32 instead of float64 when the inputs are float32."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "also for an empty result"


def cosine_similarity_matrix(a, b, eps=1e-8):
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), dtype=np.asarray(a).dtype)
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a_hat = a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), eps)
    b_hat = b / np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), eps)
    return a_hat @ b_hat.T
