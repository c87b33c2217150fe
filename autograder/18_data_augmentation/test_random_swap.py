"""Hidden tests of random_swap (eda_nlp code/eda.py random_swap / swap_word, draws for randint)."""
import numpy as np
import pytest
from _rules import expect_no_other_randomness

from coursekit.expect import expect_new, expect_unchanged, expect_words


def variant(words, alpha, d, *, n=None, scale=None, tries=3):
    n = max(1, int(alpha * len(words))) if n is None else n
    new, l = list(words), len(words)
    s = l if scale is None else scale
    for k in range(n):
        i = min(int(d[k, 0] * s), l - 1)
        for u in d[k, 1:1 + tries]:
            j = min(int(u * s), l - 1)
            if j != i:
                new[i], new[j] = new[j], new[i]
                break
    return new


def _mistakes(words, alpha, d):
    l = len(words)
    return [
        (variant(words, alpha, d, n=int(alpha * l)),
         "a short sentence got no swap: n = max(1, int(alpha * len(words))) is at least 1"),
        (variant(words, alpha, d, n=max(1, round(alpha * l))),
         "n is rounded: the official code uses n = max(1, int(alpha * len(words)))"),
        (variant(words, alpha, d, scale=l - 1),
         "indices are int(u * (l - 1)): randint(0, l-1) includes l-1, so the index is int(u * l)"),
        (variant(words, alpha, d, tries=1),
         "only one try for the second index: retry with draws[k, 1], draws[k, 2], draws[k, 3] while it equals the first"),
        (variant(words, alpha, d, tries=2),
         "only two tries for the second index (draws[k, 1:3]): there are three, draws[k, 1], draws[k, 2], draws[k, 3] "
         "(draws[k, 1:4])"),
    ]


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(92)
    for trial in range(30):
        l = int(rng.integers(2, 15))
        words = [f"w{i}" for i in range(l)]
        alpha = float(rng.choice([0.1, 0.2, 0.3, 0.5]))
        d = rng.random((l, 4))
        d[:, 1:] = np.where(rng.random((l, 3)) < 0.3, d[:, :1], d[:, 1:])     # retries that repeat the first index
        want = reference.random_swap(words, alpha, d)
        expect_words(student.random_swap(words, alpha, d), want,
                     f"random_swap({words}, alpha={alpha}, draws of shape ({l}, 4))", _mistakes(words, alpha, d))


@pytest.mark.points(0.5)
def test_short_sentences_and_retries(student, reference):
    three, d3 = ["a", "b", "c"], np.array([[0.1, 0.9, 0.0, 0.0]])
    expect_words(student.random_swap(three, 0.2, d3), reference.random_swap(three, 0.2, d3),
                 f"random_swap({three}, alpha=0.2, draws={d3.tolist()}) (int(0.2 * 3) = 0, but n is at least 1)",
                 _mistakes(three, 0.2, d3))
    words = ["not", "good", "at", "all"]
    d = np.array([[0.1, 0.2, 0.9, 0.9], [0.3, 0.7, 0.0, 0.0], [0.6, 0.55, 0.51, 0.8], [0.0, 0.0, 0.0, 0.0]])
    for alpha in (0.5, 0.75, 1.0, 0.1):
        want = reference.random_swap(words, alpha, d)
        expect_words(student.random_swap(words, alpha, d), want,
                     f"random_swap({words}, alpha={alpha}, draws={d.tolist()})", _mistakes(words, alpha, d))
    single = ["wow"]
    expect_words(student.random_swap(single, 0.5, np.array([[0.3, 0.6, 0.9, 0.1]])), single,
                 "random_swap(['wow'], ...) (nothing to swap with)")


@pytest.mark.points(0.25)
def test_two_words_alpha_one_and_failed_retries(student, reference):
    for words, alpha, d in [(["ab", "cd"], 1.0, np.array([[0.7, 0.9, 0.1, 0.2], [0.2, 0.4, 0.3, 0.6]])),
                            (["a", "b", "c"], 1.0, np.array([[0.5, 0.4, 0.6, 0.5]] * 3)),
                            (["a", "b", "c", "d", "e"], 0.2, np.array([[0.999999, 0.0, 0.0, 0.0]]))]:
        want = reference.random_swap(words, alpha, d)
        expect_words(student.random_swap(words, alpha, d), want,
                     f"random_swap({words}, alpha={alpha}, draws={d.tolist()}) (every retry may hit the first index: "
                     "then no swap)", _mistakes(words, alpha, d))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.random_swap(["w0", "w1", "w2", "w3"], 0.5, np.array([[0.1, 0.6, 0.0, 0.0], [0.9, 0.2, 0.0, 0.0]]))
    expect_unchanged(student.last_call, "swap in a copy (new = list(words)); new = words swaps the caller's list")
    student.random_swap(["alone"], 1.0, np.array([[0.5, 0.5, 0.5, 0.5]]))
    expect_new(student.last_call, "return a new list even when there is nothing to swap (one word: list(words)), as "
                                  "the docstring says: otherwise the augmented sentence and the original are one list")


@pytest.mark.points(0.25)
def test_no_other_randomness(student, reference):
    expect_no_other_randomness(student, "random_swap")
    words, d = ["w0", "w1", "w2"], np.array([[0.1, 0.9, 0.0, 0.0]])
    expect_words(student.random_swap(words, 0.3, d), reference.random_swap(words, 0.3, d), f"random_swap({words}, 0.3)")
