"""Stop words checked case-insensitively (w.lower() in STOP_WORDS): capitalised "So" or "The" is skipped although it is not in STOP_WORDS."""
LOSES = ["synonym_replacement"]
MESSAGE = "a capitalised word was skipped as a stop word"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    new = list(words)
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        if w.lower() not in STOP_WORDS and w not in first:
            first[w] = i
    order = sorted(first, key=lambda v: (order_draws[first[v]], first[v]))
    done = 0
    for v in order:
        syns = synonyms.get(v, [])
        if not syns:
            continue
        s = syns[int(choice_draws[first[v]] * len(syns))]
        new = [s if w == v else w for w in new]
        done += 1
        if done >= n:
            break
    return new
