"""Returned the int 0 for a single sentence (`if n == 1: return 0`) instead of the Python float 0.0."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "a special case `return 0` gives an int"


def simcse_unsup_loss(z1, z2, temperature=0.05):
    if len(z1) == 1:
        return 0
    L = cosine_similarity_matrix(z1, z2) / temperature
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return float(np.mean(lse - np.diag(L)))
