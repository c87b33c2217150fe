"""Returned the words it was given when no word has synonyms (nothing to insert), not a new list."""
LOSES = ["random_insertion"]
MESSAGE = "the result is the `words` you passed in, not a new object"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    if not any(synonyms.get(w) for w in words):
        return words
    n = max(1, int(alpha * len(words)))
    new = list(words)
    for k in range(n):
        syns = []
        for u in word_draws[k]:
            syns = synonyms.get(new[int(u * len(new))], [])
            if syns:
                break
        if syns:
            new.insert(int(position_draws[k] * len(new)), syns[0])
    return new
