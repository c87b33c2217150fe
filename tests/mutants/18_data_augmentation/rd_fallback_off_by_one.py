"""Picked the fallback word as words[int(fallback_draw * (l - 1))] instead of words[int(fallback_draw * l)]."""
LOSES = ["random_deletion"]
MESSAGE = "the fallback index is int(fallback_draw * (l - 1))"


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return list(words)
    kept = [w for w, u in zip(words, keep_draws) if u > p]
    return kept if kept else [words[int(fallback_draw * (len(words) - 1))]]
