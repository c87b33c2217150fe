"""random_insertion inserts at int(position_draws[k] * (L + 1)) (any of the L + 1 gaps) instead of int(position_draws[k] * L)."""
LOSES = ["random_insertion"]
MESSAGE = "the insertion position may be the end of the list"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    """EDA's RI: n = max(1, int(alpha * len(words))) times, insert the first synonym of a random word.

    words: list of str (length l >= 1); synonyms: dict str -> list of str; alpha: float in (0, 1];
    word_draws: float array (m, 9), position_draws: float array (m,), uniforms in [0, 1), m >= n.
    Insertion k (k < n), with L the current length: try the words new[int(word_draws[k, t] * L)] for
    t = 0..8 until one has synonyms (a non-empty list), then insert its synonyms[...][0] at index int(position_draws[k] * L);
    if none of the 9 has synonyms, skip insertion k. Returns a new list of str.
    """
    n = max(1, int(alpha * len(words)))
    new = list(words)
    for k in range(n):                                           # n sequential insertions
        syns = []
        for u in word_draws[k]:                                  # up to 9 tries
            syns = synonyms.get(new[int(u * len(new))], [])
            if syns:
                break
        if syns:
            new.insert(int(position_draws[k] * (len(new) + 1)), syns[0])
    return new

