"""difficulty_scores builds the rarity array without dtype: a corpus of empty sentences gives int64 zeros."""
LOSES = ["difficulty_scores"]
MESSAGE = "build the result with np.array(..., dtype=np.float64)"


def difficulty_scores(sentences, kind="rarity"):
    if kind == "length":
        return np.array([len(s) for s in sentences], dtype=np.float64)
    counts = Counter(w for s in sentences for w in s)
    total = sum(counts.values())
    neg_log_p = {w: np.log(total) - np.log(c) for w, c in counts.items()}
    return np.array([sum(neg_log_p[w] for w in s) for s in sentences])
