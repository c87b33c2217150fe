"""Sorted the scores with scores.sort() to search in them, which sorts the caller's array (and the result with it)."""
LOSES = ["difficulty_cdf"]
MESSAGE = "difficulty_cdf changed the `scores` you passed in"


def difficulty_cdf(scores):
    sorted_scores = scores
    sorted_scores.sort()
    return np.searchsorted(sorted_scores, scores, side="right") / scores.size
