"""Returned the (empty) scores array itself for M = 0: an int array stays int, and it is the argument."""
LOSES = ["difficulty_cdf"]
MESSAGE = "no integer scores still give an empty float64 array"


def difficulty_cdf(scores):
    if len(scores) == 0:
        return scores
    s = np.asarray(scores, dtype=np.float64)
    return np.searchsorted(np.sort(s), s, side="right") / s.size
