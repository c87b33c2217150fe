"""Built the candidates' positions with {w: i for i, w in enumerate(words)}: a repeated word uses its LAST position's draws."""
LOSES = ["synonym_replacement"]
MESSAGE = "the draws of its LAST position"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    first = {w: i for i, w in enumerate(words)}
    visit = sorted((w for w in first if w not in STOP_WORDS), key=lambda w: (order_draws[first[w]], first[w]))
    new = list(words)
    replaced = 0
    for v in visit:
        syns = synonyms.get(v) or []
        if syns:
            s = syns[int(choice_draws[first[v]] * len(syns))]
            new = [s if w == v else w for w in new]
            replaced += 1
        if replaced >= n:
            break
    return new
