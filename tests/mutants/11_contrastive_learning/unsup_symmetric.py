"""Averaged the loss of both directions (rows of cos(z1, z2) and of cos(z2, z1)), CLIP-style, instead of the rows of cos(z1, z2) only."""
LOSES = ["simcse_unsup_loss"]
MESSAGE = "this is the symmetric (row and column) loss"


def simcse_unsup_loss(z1, z2, temperature=0.05):
    """Unsupervised SimCSE loss: InfoNCE with in-batch negatives.

    z1, z2: float arrays of shape (N, d), two embeddings (two dropout masks) of the same N
    sentences, row i of z1 paired with row i of z2 (N >= 1; one sentence gives loss 0; not modified);
    temperature: float > 0. Use your cosine_similarity_matrix (the grader answers that call with the
    reference implementation, so a mistake there costs only its own points).
    Returns a Python float: the mean over i of cross-entropy(row i of cos(z1, z2) / temperature,
    correct class i).
    """
    logits = cosine_similarity_matrix(z1, z2) / temperature                 # (N, N)
    m = logits.max(axis=1, keepdims=True)                                   # (N, 1)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))                  # (N,)
    m2 = logits.max(axis=0, keepdims=True)
    lse2 = m2[0] + np.log(np.exp(logits - m2).sum(axis=0))
    return float((np.mean(lse - np.diag(logits)) + np.mean(lse2 - np.diag(logits))) / 2)
