"""Took the norms over axis 0 (of each column) instead of each row."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "the norms are taken over axis 0"


def cosine_similarity_matrix(a, b, eps=1e-8):
    """All pairwise cosine similarities between the rows of a and the rows of b.

    a: float array of shape (N, d); b: float array of shape (M, d) (any float dtype, N or M may be 0;
    not modified); eps: float > 0.
    Returns a float64 array of shape (N, M) with entry [i, j] = cos(a[i], b[j]), where each
    norm is clamped below at eps: a[i] . b[j] / (max(|a[i]|, eps) * max(|b[j]|, eps)).
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a_hat = a / np.maximum(np.linalg.norm(a, axis=0, keepdims=True), eps)   # (N, d)
    b_hat = b / np.maximum(np.linalg.norm(b, axis=0, keepdims=True), eps)   # (M, d)
    return a_hat @ b_hat.T                                                   # (N, M)
