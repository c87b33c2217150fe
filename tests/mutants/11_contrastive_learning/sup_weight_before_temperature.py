"""Added hard_negative_weight to the cosine before dividing by the temperature (so the logit gets w / temperature)."""
LOSES = ["simcse_sup_loss"]
MESSAGE = "hard_negative_weight is added before dividing by the temperature"


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    n = len(h)
    pos = cosine_similarity_matrix(h, h_pos)
    neg = cosine_similarity_matrix(h, h_neg) + hard_negative_weight * np.eye(n)
    L = np.concatenate([pos, neg], axis=1) / temperature
    m = L.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(L - m).sum(axis=1))
    return float(np.mean(lse - np.diag(L[:, :n])))
