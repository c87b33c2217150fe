"""Default hard_negative_weight 1.0 (alpha = 1 read as w = 1) instead of the docstring's 0.0."""
LOSES = ["simcse_sup_loss"]
MESSAGE = "a default is not the docstring's"


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=1.0):
    n = len(h)
    pos = cosine_similarity_matrix(h, h_pos) / temperature
    neg = cosine_similarity_matrix(h, h_neg) / temperature + hard_negative_weight * np.eye(n)
    L = np.concatenate([pos, neg], axis=1)
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return float(np.mean(lse - np.diag(pos)))
