"""Computed n = int(alpha * l) without max(1, ...): short sentences get no swap at all."""
LOSES = ["random_swap"]
MESSAGE = "a short sentence got no swap"


def random_swap(words, alpha, draws):
    n = int(alpha * len(words))
    new, l = list(words), len(words)
    for k in range(n):
        i = int(draws[k, 0] * l)
        for t in (1, 2, 3):
            j = int(draws[k, t] * l)
            if j != i:
                new[i], new[j] = new[j], new[i]
                break
    return new
