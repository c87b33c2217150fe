"""Divided by |a| + eps instead of max(|a|, eps) (the epsilon added, not used as a floor)."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "eps is added to the norms"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a_hat = a / (np.linalg.norm(a, axis=-1, keepdims=True) + eps)
    b_hat = b / (np.linalg.norm(b, axis=-1, keepdims=True) + eps)
    return a_hat @ b_hat.T
