"""Copied the words only once a replacement was made: with no synonym at all, the result is the
list it was given."""
LOSES = ["synonym_replacement"]
MESSAGE = "the result is the `words` you passed in, not a new object"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    visit = sorted((w for w in first if w not in STOP_WORDS), key=lambda w: (order_draws[first[w]], first[w]))
    new, replaced = words, 0
    for w in visit:
        syns = synonyms.get(w, [])
        if syns:
            s = syns[int(choice_draws[first[w]] * len(syns))]
            new = [s if x == w else x for x in new]
            replaced += 1
        if replaced >= n:
            break
    return new
