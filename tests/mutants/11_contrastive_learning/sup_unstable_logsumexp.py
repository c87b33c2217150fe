"""Cross-entropy with log(sum(exp(logits))) without subtracting the row maximum: overflows for a small temperature."""
LOSES = ["simcse_sup_loss"]
MESSAGE = "numerically unstable"


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    """Supervised SimCSE loss with one hard negative per sentence.

    h, h_pos, h_neg: float arrays of shape (N, d): premises, their entailment hypotheses (positives)
    and their contradiction hypotheses (hard negatives); row i of each belongs together (N >= 1; not
    modified). Your calls of cosine_similarity_matrix are answered by the reference implementation.
    temperature: float > 0; hard_negative_weight: float w added to the logit of each premise's own
    hard negative (w = log(alpha) in the paper's notation).
    Returns a Python float: the mean over i of cross-entropy over the 2N logits
    [cos(h_i, h_pos_j) / temperature for all j] + [cos(h_i, h_neg_j) / temperature + w * (i == j) for all j],
    correct class i.
    """
    n = len(h)
    pos = cosine_similarity_matrix(h, h_pos) / temperature                              # (N, N)
    neg = cosine_similarity_matrix(h, h_neg) / temperature + hard_negative_weight * np.eye(n)  # (N, N)
    logits = np.concatenate([pos, neg], axis=1)                                         # (N, 2N)
    m = logits.max(axis=1, keepdims=True)                                               # (N, 1)
    lse = np.log(np.exp(logits).sum(axis=1))                              # (N,)
    return float(np.mean(lse - np.diag(pos)))
