"""Took the maximum over the off-diagonal negatives for the log-sum-exp: a batch of one sentence has none."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "a batch may hold a single sentence"


def simcse_unsup_loss(z1, z2, temperature=0.05):
    logits = cosine_similarity_matrix(z1, z2) / temperature
    n = len(logits)
    pos = np.diag(logits)
    neg = logits[~np.eye(n, dtype=bool)].reshape(n, n - 1)
    m = np.maximum(neg.max(axis=1), pos)
    lse = m + np.log(np.exp(pos - m) + np.exp(neg - m[:, None]).sum(axis=1))
    return float(np.mean(lse - pos))
