"""RI draws the word from the current list but computes the insertion position with the original length l."""
LOSES = ["random_insertion"]
MESSAGE = "the insertion position is drawn with the original length"

import numpy as np


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    l = len(words)
    n = max(1, int(alpha * l))
    for k in range(n):
        for t in range(9):
            w = new[int(word_draws[k, t] * len(new))]
            syns = synonyms.get(w) or []
            if syns:
                new.insert(int(position_draws[k] * l), syns[0])
                break
    return new
