"""Vectorised the rarity over one concatenated token array (np.concatenate, np.unique, cumulative sums): an empty corpus crashes."""
LOSES = ["difficulty_scores"]
MESSAGE = "an empty corpus gives an empty float64 array"


def difficulty_scores(sentences, kind="rarity"):
    lengths = np.array([len(s) for s in sentences])
    if kind == "length":
        return lengths.astype(np.float64)
    tokens = np.concatenate([np.array(s, dtype=str) for s in sentences])
    _, inverse, counts = np.unique(tokens, return_inverse=True, return_counts=True)
    neg_log_p = np.log(tokens.size) - np.log(counts[inverse])
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    csum = np.concatenate([[0.0], np.cumsum(neg_log_p)])
    return csum[bounds[1:]] - csum[bounds[:-1]]
