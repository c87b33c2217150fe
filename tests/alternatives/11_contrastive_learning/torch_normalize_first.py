"""As PyTorch computes it: F.cosine_similarity divides each row by its clamped norm before the dot
products, nn.CrossEntropyLoss takes the diagonal of log_softmax, F.normalize + torch.pdist for the
alignment/uniformity losses (distinct pairs taken with np.triu_indices)."""


def _normalize(x, eps):
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cosine_similarity_matrix(a, b, eps=1e-8):
    return _normalize(a, eps) @ _normalize(b, eps).T


def simcse_unsup_loss(z1, z2, temperature=0.05):
    logits = cosine_similarity_matrix(z1, z2) / temperature
    n = logits.shape[0]
    return float(-_log_softmax(logits)[np.arange(n), np.arange(n)].mean())


def simcse_sup_loss(h, h_pos, h_neg, temperature=0.05, hard_negative_weight=0.0):
    cos_sim = cosine_similarity_matrix(h, h_pos) / temperature
    z1_z3 = cosine_similarity_matrix(h, h_neg) / temperature
    n = cos_sim.shape[0]
    weights = np.concatenate([np.zeros((n, n)), hard_negative_weight * np.eye(n)], axis=1)
    logits = np.concatenate([cos_sim, z1_z3], axis=1) + weights
    return float(-_log_softmax(logits)[np.arange(n), np.arange(n)].mean())


def align_loss(x, y, alpha=2.0):
    fx, fy = _normalize(x, 1e-12), _normalize(y, 1e-12)
    return float((np.linalg.norm(fx - fy, axis=1) ** alpha).mean())


def uniform_loss(x, t=2.0):
    f = _normalize(x, 1e-12)
    i, j = np.triu_indices(f.shape[0], k=1)
    sq = np.sum((f[i] - f[j]) ** 2, axis=1)
    z = -t * sq
    m = z.max()
    return float(m + np.log(np.mean(np.exp(z - m))))
