"""Kept a word when its draw is >= p: at p = 0 a draw of exactly 0 keeps the word (EDA keeps only r > p)."""
LOSES = ["random_deletion"]
MESSAGE = "a word whose draw equals p was kept"


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return list(words)
    kept = [w for w, u in zip(words, keep_draws) if u >= p]
    return kept if kept else [words[int(fallback_draw * len(words))]]
