"""difficulty_scores(kind="length") counts the characters of the joined sentence instead of its tokens."""
LOSES = ["difficulty_scores"]
MESSAGE = "the length counts characters"


def difficulty_scores(sentences, kind="rarity"):
    if kind == "length":
        return np.array([len(" ".join(s)) for s in sentences], dtype=np.float64)
    counts = Counter(w for s in sentences for w in s)
    total = sum(counts.values())
    neg_log_p = {w: np.log(total) - np.log(c) for w, c in counts.items()}
    return np.array([sum(neg_log_p[w] for w in s) for s in sentences], dtype=np.float64)
