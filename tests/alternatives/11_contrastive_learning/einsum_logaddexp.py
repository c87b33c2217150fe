"""einsum for the dot products and norms, the norm product clamped per factor as an outer product,
np.logaddexp.reduce for every log-sum-exp, and the uniformity averaged over all ordered pairs i != j
(the same mean as over i < j, since the distances are symmetric)."""


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    na = np.maximum(np.sqrt(np.einsum("nd,nd->n", a, a)), eps)
    nb = np.maximum(np.sqrt(np.einsum("md,md->m", b, b)), eps)
    return np.einsum("nd,md->nm", a, b) / np.outer(na, nb)


def simcse_unsup_loss(z1, z2, temperature=0.05):
    logits = cosine_similarity_matrix(z1, z2) / temperature
    lse = np.logaddexp.reduce(logits, axis=1)
    return float(np.mean(lse - np.diagonal(logits)))


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    pos = cosine_similarity_matrix(h, h_pos) / temperature
    neg = cosine_similarity_matrix(h, h_neg) / temperature
    neg = neg + hard_negative_weight * np.eye(neg.shape[0])
    lse = np.logaddexp(np.logaddexp.reduce(pos, axis=1), np.logaddexp.reduce(neg, axis=1))
    return float(np.mean(lse - np.diagonal(pos)))


def _unit(x):
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.sqrt(np.einsum("nd,nd->n", x, x))[:, None], 1e-12)


def align_loss(x, y, alpha=2.0):
    diff = _unit(x) - _unit(y)
    sq = np.einsum("nd,nd->n", diff, diff)
    return float(np.mean(sq ** (alpha / 2.0)))


def uniform_loss(x, t=2.0):
    f = _unit(x)
    n = f.shape[0]
    diff = f[:, None, :] - f[None, :, :]
    sq = np.einsum("ijd,ijd->ij", diff, diff)
    off = ~np.eye(n, dtype=bool)
    z = -t * sq[off]
    return float(np.logaddexp.reduce(z) - np.log(z.size))
