"""Returned the scores themselves when there is at most one (nothing to rank): a single example gets its score, not 1."""
LOSES = ["difficulty_cdf"]
MESSAGE = "a single example is the hardest"


def difficulty_cdf(scores):
    s = np.asarray(scores, dtype=np.float64)
    if s.size <= 1:
        return s
    return np.searchsorted(np.sort(s), s, side="right") / s.size
