"""Copied the official EDA code: random.shuffle of the candidates and random.choice of the synonym, ignoring the draws."""
LOSES = ["synonym_replacement"]
MESSAGE = "uses Python's `random` or NumPy's random generators"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    import random
    n = max(1, int(alpha * len(words)))
    new_words = words.copy()
    candidates = list(set(w for w in words if w not in STOP_WORDS))
    random.shuffle(candidates)
    replaced = 0
    for w in candidates:
        if synonyms.get(w):
            s = random.choice(synonyms[w])
            new_words = [s if x == w else x for x in new_words]
            replaced += 1
        if replaced >= n:
            break
    return new_words
