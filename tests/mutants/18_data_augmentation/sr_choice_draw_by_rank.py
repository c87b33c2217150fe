"""Picked the synonym with choice_draws[k] (k = the candidate's rank in the visiting order), not choice_draws[first position]."""
LOSES = ["synonym_replacement"]
MESSAGE = "the candidate's rank in the visiting order"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    visit = sorted((w for w in first if w not in STOP_WORDS), key=lambda w: (order_draws[first[w]], first[w]))
    new = list(words)
    replaced = 0
    for k, v in enumerate(visit):
        syns = synonyms.get(v) or []
        if syns:
            s = syns[int(choice_draws[k] * len(syns))]
            new = [s if w == v else w for w in new]
            replaced += 1
        if replaced >= n:
            break
    return new
