"""random_deletion keeps word i iff keep_draws[i] < 1 - p (the same probability, but not the docstring's rule)."""
LOSES = ["random_deletion"]
MESSAGE = "a word was kept when keep_draws[i] < 1 - p"


def random_deletion(words, p, keep_draws, fallback_draw):
    """EDA's RD: delete each word with probability p, but never return an empty sentence.

    words: list of str (length l >= 1); p: float in [0, 1]; keep_draws: float array (l,), uniforms in
    [0, 1); fallback_draw: float in [0, 1). A one-word sentence is returned unchanged; otherwise word i is
    kept iff keep_draws[i] > p; if no word is kept, return [words[int(fallback_draw * l)]].
    Returns a new list of str.
    """
    if len(words) == 1:
        return list(words)
    keep = np.asarray(keep_draws, dtype=np.float64)[:len(words)] < 1 - p        # (l,) bool
    kept = [w for w, k in zip(words, keep) if k]
    return kept if kept else [words[int(fallback_draw * len(words))]]

