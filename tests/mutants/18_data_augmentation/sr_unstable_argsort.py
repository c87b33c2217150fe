"""SR orders candidates with np.argsort with the default kind (not stable; SIMD sort in NumPy 2.x): tied order draws are not broken by position."""
LOSES = ["synonym_replacement"]
MESSAGE = "np.argsort's default sort is not stable"

import numpy as np


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    new = list(words)
    n = max(1, int(alpha * len(words)))
    first = {}
    for i, w in enumerate(words):
        if w not in STOP_WORDS and w not in first:
            first[w] = i
    cands = list(first)
    pos = np.array([first[v] for v in cands], dtype=int)
    order = np.argsort(np.asarray(order_draws)[pos])   # default kind: not stable
    done = 0
    for o in order:
        v = cands[o]
        syns = synonyms.get(v) or []
        if not syns:
            continue
        f = first[v]
        s = syns[int(choice_draws[f] * len(syns))]
        new = [s if w == v else w for w in new]
        done += 1
        if done >= n:
            break
    return new
