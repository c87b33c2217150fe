"""Counted every visited candidate towards n, also those without synonyms (nothing replaced)."""
LOSES = ["synonym_replacement"]
MESSAGE = "a candidate without synonyms was counted as a replacement"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    visit = sorted((w for w in first if w not in STOP_WORDS), key=lambda w: (order_draws[first[w]], first[w]))
    new = list(words)
    for v in visit[:n]:
        syns = synonyms.get(v) or []
        if syns:
            s = syns[int(choice_draws[first[v]] * len(syns))]
            new = [s if w == v else w for w in new]
    return new
