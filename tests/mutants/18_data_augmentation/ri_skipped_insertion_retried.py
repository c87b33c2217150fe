"""A skipped insertion does not count: kept using the next rows of the draws until n words were inserted (or the rows ran out)."""
LOSES = ["random_insertion"]
MESSAGE = "a skipped insertion still counts"


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    n = max(1, int(alpha * len(words)))
    done = 0
    for k in range(len(position_draws)):
        if done >= n:
            break
        L = len(new)
        for t in range(9):
            v = new[int(word_draws[k, t] * L)]
            if synonyms.get(v):
                new.insert(int(position_draws[k] * L), synonyms[v][0])
                done += 1
                break
    return new
