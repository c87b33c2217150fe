"""RI never picks a stop word (as the paper says), although the official add_word and the docstring do not exclude them."""
LOSES = ["random_insertion"]
MESSAGE = "a stop word was skipped: random insertion tries any word"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    n = max(1, int(alpha * len(words)))
    for k in range(n):
        L = len(new)
        for t in range(9):
            v = new[int(word_draws[k, t] * L)]
            if v not in STOP_WORDS and synonyms.get(v):
                new.insert(int(position_draws[k] * L), synonyms[v][0])
                break
    return new
