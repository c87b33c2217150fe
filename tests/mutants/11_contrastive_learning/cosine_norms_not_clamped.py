"""Divided by the norms without clamping them at eps: a zero row gives 0 / 0 = nan."""
LOSES = ["cosine_similarity_matrix"]
MESSAGE = "clamp each norm below at eps"


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a / np.linalg.norm(a, axis=-1, keepdims=True)) @ (b / np.linalg.norm(b, axis=-1, keepdims=True)).T
