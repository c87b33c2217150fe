"""As sentence_transformers' MultipleNegativesRankingLoss: scores = cos_sim(anchors, vstack(positives,
negatives)) * scale with scale = 1 / temperature, cross-entropy written as -(s_ii - logsumexp_j s_ij);
uniformity from the Gram matrix, |u - v|^2 = |u|^2 + |v|^2 - 2 u.v (clamped at 0, as torch.cdist does)."""


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.array(a, dtype=np.float64)
    b = np.array(b, dtype=np.float64)
    na = np.maximum(np.sqrt(np.sum(a * a, axis=1)), eps)
    nb = np.maximum(np.sqrt(np.sum(b * b, axis=1)), eps)
    return (a @ b.T) / na[:, None] / nb[None, :]


def _cross_entropy_diagonal(scores):
    m = np.max(scores, axis=1)
    lse = m + np.log(np.sum(np.exp(scores - m[:, None]), axis=1))
    n = scores.shape[0]
    return float(np.sum(lse - scores[np.arange(n), np.arange(n)]) / n)


def simcse_unsup_loss(z1, z2, temperature=0.05):
    scale = 1.0 / temperature
    return _cross_entropy_diagonal(cosine_similarity_matrix(z1, z2) * scale)


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    h_pos = np.asarray(h_pos, dtype=np.float64)
    h_neg = np.asarray(h_neg, dtype=np.float64)
    candidates = np.vstack([h_pos, h_neg])
    scores = cosine_similarity_matrix(h, candidates) / temperature
    n = h_pos.shape[0]
    scores[np.arange(n), n + np.arange(n)] += hard_negative_weight
    return _cross_entropy_diagonal(scores)


def _normalize(x):
    x = np.array(x, dtype=np.float64)
    return x / np.maximum(np.sqrt(np.sum(x * x, axis=1, keepdims=True)), 1e-12)


def align_loss(x, y, alpha=2.0):
    d = np.sqrt(np.sum((_normalize(x) - _normalize(y)) ** 2, axis=1))
    return float(np.mean(np.power(d, alpha)))


def uniform_loss(x, t=2.0):
    f = _normalize(x)
    sq_norms = np.sum(f * f, axis=1)
    sq = np.maximum(sq_norms[:, None] + sq_norms[None, :] - 2.0 * (f @ f.T), 0.0)
    n = f.shape[0]
    z = -t * sq[np.triu(np.ones((n, n), dtype=bool), k=1)]
    m = np.max(z)
    return float(m + np.log(np.sum(np.exp(z - m))) - np.log(z.size))
