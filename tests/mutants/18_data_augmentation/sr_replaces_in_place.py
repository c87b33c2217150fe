"""Replaced the chosen words directly in `words` (no copy), so the caller's sentence changes."""
LOSES = ["synonym_replacement"]
MESSAGE = "synonym_replacement changed the `words` you passed in"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    visit = sorted((w for w in first if w not in STOP_WORDS), key=lambda w: (order_draws[first[w]], first[w]))
    replaced = 0
    for w in visit:
        syns = synonyms.get(w, [])
        if syns:
            s = syns[int(choice_draws[first[w]] * len(syns))]
            for i, x in enumerate(words):
                if x == w:
                    words[i] = s
            replaced += 1
        if replaced >= n:
            break
    return words
