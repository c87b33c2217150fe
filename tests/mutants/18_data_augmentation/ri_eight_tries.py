"""Tried only 8 words per insertion (range(1, 9) counted as t = 0..7: word_draws[k, 8] never used)."""
LOSES = ["random_insertion"]
MESSAGE = "try all 9 words"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    n = max(1, int(alpha * len(words)))
    for k in range(n):
        L = len(new)
        for t in range(8):
            v = new[int(word_draws[k, t] * L)]
            if synonyms.get(v):
                new.insert(int(position_draws[k] * L), synonyms[v][0])
                break
    return new
