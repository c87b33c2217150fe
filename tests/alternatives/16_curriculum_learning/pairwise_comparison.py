"""The CDF by an (M, M) comparison matrix of the scores (no sorting); competence clipped with np.clip; eligible set
from np.nonzero."""


def difficulty_scores(sentences, kind="rarity"):
    if kind == "length":
        return np.array([len(s) for s in sentences], dtype=np.float64).reshape(len(sentences))
    counts = {}
    for s in sentences:
        for w in s:
            counts[w] = counts.get(w, 0) + 1
    total = float(sum(counts.values()))
    out = np.zeros(len(sentences), dtype=np.float64)
    for i, s in enumerate(sentences):
        if s:
            p = np.array([counts[w] / total for w in s], dtype=np.float64)
            out[i] = -np.sum(np.log(p))
    return out


def difficulty_cdf(scores):
    d = np.asarray(scores)
    M = len(d)
    if M == 0:
        return np.empty(0)
    return np.count_nonzero(d[None, :] <= d[:, None], axis=1) / np.float64(M)


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.array(t, dtype=np.float64)
    if kind == "sqrt":
        return np.clip(np.sqrt(c0 * c0 + (1 - c0 * c0) * t / T), None, 1.0)
    return np.clip(c0 + (1 - c0) * t / T, None, 1.0)


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf, dtype=np.float64)
    (eligible,) = np.nonzero(cdf <= c)
    if len(eligible) == 0:
        (eligible,) = np.nonzero(cdf == np.min(cdf))
    u = np.asarray(uniform_draws, dtype=np.float64).reshape(-1)
    positions = (u * len(eligible)).astype(np.int64)     # u >= 0: truncation is the floor
    return np.asarray(eligible, dtype=np.int64)[positions]
