"""Accepts every input form the docstrings allow: nested lists, N or M = 0 (an (N, 0)/(0, M) result),
any float dtype; losses as the mean of -log softmax with the log-sum-exp written via np.log1p of the
non-maximal terms."""


def cosine_similarity_matrix(a, b, eps=1e-8):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape[0] == 0 or b.shape[0] == 0:
        return np.zeros((a.shape[0], b.shape[0]), dtype=np.float64)
    na = np.maximum(np.linalg.norm(a, axis=1), eps)
    nb = np.maximum(np.linalg.norm(b, axis=1), eps)
    return (a / na[:, None]) @ (b / nb[:, None]).T


def _row_logsumexp(z):
    # max + log(1 + sum of the other terms), the other terms being exp(z - max) with the argmax removed
    k = np.argmax(z, axis=1)
    m = z[np.arange(z.shape[0]), k]
    e = np.exp(z - m[:, None])
    e[np.arange(z.shape[0]), k] = 0.0
    return m + np.log1p(e.sum(axis=1))


def simcse_unsup_loss(z1, z2, temperature=0.05):
    logits = cosine_similarity_matrix(z1, z2) / float(temperature)
    return float(np.mean(_row_logsumexp(logits) - np.diag(logits)))


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    logits = np.hstack([cosine_similarity_matrix(h, h_pos), cosine_similarity_matrix(h, h_neg)]) / float(temperature)
    n = logits.shape[0]
    logits[np.arange(n), np.arange(n) + n] += float(hard_negative_weight)
    return float(np.mean(_row_logsumexp(logits) - np.diag(logits)))


def align_loss(x, y, alpha=2.0):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    fx = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    fy = y / np.maximum(np.linalg.norm(y, axis=-1, keepdims=True), 1e-12)
    return float(np.mean(np.linalg.norm(fx - fy, axis=-1) ** float(alpha)))


def uniform_loss(x, t=2.0):
    x = np.asarray(x, dtype=np.float64)
    f = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    n = f.shape[0]
    i, j = np.nonzero(np.triu(np.ones((n, n)), 1))
    z = -float(t) * np.sum((f[i] - f[j]) ** 2, axis=-1)
    m = z.max()
    return float(m + np.log1p(np.sum(np.exp(z - m)) - 1.0) - np.log(z.size))
