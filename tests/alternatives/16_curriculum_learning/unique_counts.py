"""Counts and CDF from np.unique (return_inverse / return_counts, cumulative sum of the tie counts); a mask-based
sampler."""


def difficulty_scores(sentences, kind="rarity"):
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    if kind == "length":
        return lengths.astype(np.float64)
    tokens = [w for s in sentences for w in s]
    if not tokens:
        return np.zeros(len(sentences), dtype=np.float64)
    vocab, inverse, counts = np.unique(np.array(tokens, dtype=object), return_inverse=True, return_counts=True)
    neg_log_p = -np.log(counts / len(tokens))
    per_token = neg_log_p[inverse.reshape(-1)]
    sentence_of = np.repeat(np.arange(len(sentences)), lengths)
    return np.bincount(sentence_of, weights=per_token, minlength=len(sentences)).astype(np.float64)


def difficulty_cdf(scores):
    d = np.asarray(scores)
    if d.size == 0:
        return np.zeros(0)
    _, inverse, counts = np.unique(d, return_inverse=True, return_counts=True)
    return (np.cumsum(counts) / d.shape[0])[inverse.reshape(-1)].astype(np.float64)


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.asarray(t).astype(np.float64)
    if kind == "linear":
        value = np.add(np.multiply(t, (1 - c0) / T), c0)
    else:
        value = np.sqrt(np.add(np.multiply(t, (1 - c0 ** 2) / T), c0 ** 2))
    return np.where(value > 1.0, 1.0, value)


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf)
    mask = cdf <= c
    if not mask.any():
        mask = cdf == cdf.min()
    eligible = np.arange(cdf.shape[0], dtype=np.int64)[mask]
    u = np.asarray(uniform_draws, dtype=np.float64)
    return np.take(eligible, np.floor(u * eligible.size).astype(np.intp)).astype(np.int64)
