"""RI uses the original length l for the word and position indices instead of the current (growing) length L."""
LOSES = ["random_insertion"]
MESSAGE = "the word and the position are drawn with the original length"

import numpy as np


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    l = len(words)
    n = max(1, int(alpha * l))
    for k in range(n):
        for t in range(9):
            w = new[int(word_draws[k, t] * l)]
            syns = synonyms.get(w) or []
            if syns:
                new.insert(int(position_draws[k] * l), syns[0])
                break
    return new
