"""Returned the words it was given when there is nothing to swap (one word), not a new list."""
LOSES = ["random_swap"]
MESSAGE = "the result is the `words` you passed in, not a new object"


def random_swap(words, alpha, draws):
    l = len(words)
    if l < 2:
        return words
    n = max(1, int(alpha * l))
    new = list(words)
    for k in range(n):
        i = int(draws[k, 0] * l)
        for u in draws[k, 1:4]:
            j = int(u * l)
            if j != i:
                new[i], new[j] = new[j], new[i]
                break
    return new
