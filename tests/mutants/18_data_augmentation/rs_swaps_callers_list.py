"""Swapped inside `words` itself (new = words is not a copy)."""
LOSES = ["random_swap"]
MESSAGE = "random_swap changed the `words` you passed in"


def random_swap(words, alpha, draws):
    n = max(1, int(alpha * len(words)))
    new, l = words, len(words)
    for k in range(n):
        i = int(draws[k, 0] * l)
        for u in draws[k, 1:4]:
            j = int(u * l)
            if j != i:
                new[i], new[j] = new[j], new[i]
                break
    return new
