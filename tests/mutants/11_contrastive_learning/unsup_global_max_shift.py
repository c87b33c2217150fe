"""Shifted the logits by the one largest value of the whole matrix instead of each row's maximum: at a small
temperature the rows whose maximum is far below it underflow to exp(...) = 0 and their log-sum-exp is -inf."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "numerically unstable"


def simcse_unsup_loss(z1, z2, temperature=0.05):
    logits = cosine_similarity_matrix(z1, z2) / temperature
    m = logits.max()
    lse = m + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - np.diag(logits)))
