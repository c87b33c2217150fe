"""The CDF as np.searchsorted(np.sort(d), d, side="right") / M; rarity as N_i * log N - sum log count(w)."""


def difficulty_scores(sentences, kind="rarity"):
    lengths = np.array([len(s) for s in sentences], dtype=np.float64)
    if kind == "length":
        return lengths
    counts = Counter(w for s in sentences for w in s)
    total = sum(counts.values())
    if total == 0:
        return np.zeros(len(sentences))
    log_counts = np.array([sum(np.log(counts[w]) for w in s) for s in sentences], dtype=np.float64)
    return lengths * np.log(total) - log_counts


def difficulty_cdf(scores):
    d = np.asarray(scores)
    M = d.shape[0]
    if M == 0:
        return np.zeros(0, dtype=np.float64)
    return np.searchsorted(np.sort(d), d, side="right").astype(np.float64) / M


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.asarray(t, dtype=np.float64)
    if kind == "linear":
        c = t * (1.0 - c0) / T + c0
    else:
        c = np.sqrt(t * (1.0 - c0 ** 2) / T + c0 ** 2)
    return np.minimum(c, 1.0).astype(np.float64)


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf)
    u = np.asarray(uniform_draws, dtype=np.float64)
    threshold = max(c, cdf.min()) if cdf.size else c
    eligible = np.flatnonzero(cdf <= threshold)
    return eligible[np.floor(u * len(eligible)).astype(np.int64)].astype(np.int64)
