"""synonym_replacement replaces the positions where the ORIGINAL list holds the word, so a synonym put in earlier is not replaced again."""
LOSES = ["synonym_replacement"]
MESSAGE = "a synonym put in by an earlier replacement was left alone"


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    """EDA's SR: replace n = max(1, int(alpha * len(words))) distinct non-stop words by a synonym.

    words: list of str (length l >= 1); synonyms: dict str -> list of str (one-word synonyms);
    alpha: float in (0, 1]; order_draws, choice_draws: float arrays of shape (l,), uniforms in [0, 1).
    Candidates (distinct words not in STOP_WORDS) are visited in increasing order_draws[first position]
    (ties: earlier position first); a candidate with synonyms (a missing key or an empty list means none)
    has every occurrence in the list as edited so far (a synonym put in earlier counts too) replaced by
    synonyms[v][int(choice_draws[first position] * len(synonyms[v]))]; stop after n replacements.
    Returns a new list of str (the input list is not modified).
    """
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)                                   # first position of each distinct word
    visit = sorted((w for w in first if w not in STOP_WORDS),
                   key=lambda w: (order_draws[first[w]], first[w]))   # the shuffle
    new, replaced = list(words), 0
    for w in visit:
        syns = synonyms.get(w, [])
        if syns:
            s = syns[int(choice_draws[first[w]] * len(syns))]   # random.choice
            new = [s if o == w else x for o, x in zip(words, new)]             # every occurrence
            replaced += 1
        if replaced >= n:
            break
    return new

