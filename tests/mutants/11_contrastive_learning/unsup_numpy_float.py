"""Returned np.mean(...) itself: a numpy.float64 instead of a Python float."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "must be a Python float"


def simcse_unsup_loss(z1, z2, temperature=0.05):
    L = cosine_similarity_matrix(z1, z2) / temperature
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return np.mean(lse - np.diag(L))
