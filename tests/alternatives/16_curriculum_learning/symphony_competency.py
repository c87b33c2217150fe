"""As symphony-mt's LinearStepCompetency / SquareRootStepCompetency and samplesFilter (lessEqual) compute it, scalar
math per step."""
import math


def difficulty_scores(sentences, kind="rarity"):
    # SentenceRarity with product pooling: the sum over the tokens of -log frequency
    if kind == "length":
        return np.asarray([float(len(s)) for s in sentences], dtype=np.float64).reshape(-1)
    counts = Counter()
    for s in sentences:
        counts.update(s)
    total = sum(counts.values())
    return np.asarray([-math.fsum(math.log(counts[w] / total) for w in s) if s else 0.0 for s in sentences],
                      dtype=np.float64).reshape(-1)


def difficulty_cdf(scores):
    d = np.asarray(scores)
    M = d.shape[0]
    order = np.argsort(d, kind="stable")
    sorted_d = d[order]
    # for each position in sorted order, the index one past the last equal score
    last = np.searchsorted(sorted_d, sorted_d, side="right")
    cdf = np.empty(M, dtype=np.float64)
    cdf[order] = last / M if M else last
    return cdf


def competence(t, T, c0=0.01, kind="sqrt"):
    t = np.asarray(t)
    flat = t.reshape(-1)
    out = np.empty(flat.shape, dtype=np.float64)
    for k, step in enumerate(flat.tolist()):
        if kind == "linear":
            out[k] = min(1.0, step * (1.0 - c0) / T + c0)
        else:
            out[k] = min(1.0, math.sqrt(step * (1.0 - c0 * c0) / T + c0 * c0))
    return out.reshape(t.shape)


def sample_batch(cdf, c, uniform_draws):
    cdf = np.asarray(cdf)
    threshold = np.maximum(c, np.min(cdf)) if cdf.size else c
    eligible = np.flatnonzero(np.less_equal(cdf, threshold))
    u = np.asarray(uniform_draws, dtype=np.float64)
    idx = np.zeros(u.shape, dtype=np.int64)
    if u.size:
        idx = eligible[np.floor(u * len(eligible)).astype(np.int64)]
    return idx.astype(np.int64)
