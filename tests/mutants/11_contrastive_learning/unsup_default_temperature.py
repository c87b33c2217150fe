"""Default temperature 0.1 instead of the docstring's 0.05."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "the default temperature is not 0.05"


def simcse_unsup_loss(z1, z2, temperature=0.1):
    L = cosine_similarity_matrix(z1, z2) / temperature
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return float(np.mean(lse - np.diag(L)))
