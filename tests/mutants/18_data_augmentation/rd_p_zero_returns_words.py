"""For p = 0 (nothing can be deleted) returned the given list itself instead of a new list."""
LOSES = ["random_deletion"]
MESSAGE = "return a new list even when no word is deleted"


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return list(words)
    if p == 0 and all(u > 0 for u in keep_draws):
        return words
    kept = [w for w, u in zip(words, keep_draws) if u > p]
    return kept if kept else [words[int(fallback_draw * len(words))]]
