"""random_swap rounds alpha * l to the nearest integer instead of taking int() (its floor)."""
LOSES = ["random_swap"]
MESSAGE = "n is rounded"


def random_swap(words, alpha, draws):
    """EDA's RS: n = max(1, int(alpha * len(words))) times, swap two words at random positions.

    words: list of str (length l >= 1); alpha: float in (0, 1]; draws: float array (m, 4), uniforms in
    [0, 1), m >= n. Swap k: i = int(draws[k, 0] * l); the first j = int(draws[k, t] * l) with j != i,
    t = 1, 2, 3, is swapped with i; if all three equal i, no swap. Returns a new list of str.
    """
    n = max(1, round(alpha * len(words)))
    new, l = list(words), len(words)
    for k in range(n):                                           # n sequential swaps
        i = int(draws[k, 0] * l)
        for u in draws[k, 1:4]:                                  # up to 3 tries for the second index
            j = int(u * l)
            if j != i:
                new[i], new[j] = new[j], new[i]
                break
    return new

