"""Returned the sentence lengths as an integer array (np.array of len(s)), not the float64 array promised."""
LOSES = ["difficulty_scores"]
MESSAGE = "has dtype int64: the docstring promises float64"


def difficulty_scores(sentences, kind="rarity"):
    if kind == "length":
        return np.array([len(s) for s in sentences])
    counts = Counter(w for s in sentences for w in s)
    total = sum(counts.values())
    return np.array([sum(np.log(total) - np.log(counts[w]) for w in s) for s in sentences], dtype=np.float64)
