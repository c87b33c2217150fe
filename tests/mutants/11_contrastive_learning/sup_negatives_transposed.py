"""Took the hard-negative block as cos(h_neg, h) (transposed): row i holds cos(h_neg_i, h_j) instead of cos(h_i, h_neg_j)."""
LOSES = ["simcse_sup_loss"]
MESSAGE = "the hard-negative block is transposed"


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    n = len(h)
    pos = cosine_similarity_matrix(h, h_pos) / temperature
    neg = cosine_similarity_matrix(h_neg, h) / temperature + hard_negative_weight * np.eye(n)
    L = np.concatenate([pos, neg], axis=1)
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return float(np.mean(lse - np.diag(pos)))
