"""The default kind is "length" instead of the documented "rarity"."""
LOSES = ["difficulty_scores"]
MESSAGE = "the default kind is 'rarity'"


def difficulty_scores(sentences, kind="length"):
    if kind == "length":
        return np.array([len(s) for s in sentences], dtype=np.float64)
    counts = Counter(w for s in sentences for w in s)
    total = sum(counts.values())
    return np.array([-sum(np.log(counts[w] / total) for w in s) for s in sentences], dtype=np.float64)
