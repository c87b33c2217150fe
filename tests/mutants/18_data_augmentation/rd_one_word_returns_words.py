"""Returned the words it was given for a one-word sentence, as EDA's own code does (`return words`),
where the docstring asks for a new list."""
LOSES = ["random_deletion"]
MESSAGE = "the result is the `words` you passed in, not a new object"


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return words
    keep = np.asarray(keep_draws, dtype=np.float64)[:len(words)] > p
    kept = [w for w, k in zip(words, keep) if k]
    return kept if kept else [words[int(fallback_draw * len(words))]]
