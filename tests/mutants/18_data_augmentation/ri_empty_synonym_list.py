"""Tested `if word in synonyms` instead of whether the word has synonyms: an empty synonym list raises IndexError."""
LOSES = ["random_insertion"]
MESSAGE = "an empty synonym list means no synonym"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    n = max(1, int(alpha * len(words)))
    new = list(words)
    for k in range(n):
        found = None
        for u in word_draws[k]:
            w = new[int(u * len(new))]
            if w in synonyms:
                found = synonyms[w][0]
                break
        if found is not None:
            new.insert(int(position_draws[k] * len(new)), found)
    return new
