"""Hidden tests of random_deletion (eda_nlp code/eda.py random_deletion, draws for uniform and randint)."""
import numpy as np
import pytest
from _rules import expect_no_other_randomness

from coursekit.expect import expect_new, expect_unchanged, expect_words


def _mistakes(words, p, k, f):
    inverted = [w for w, u in zip(words, k) if u < p]
    ties = [w for w, u in zip(words, k) if u >= p]
    complement = [w for w, u in zip(words, k) if u < 1 - p] or [words[int(f * len(words))]]
    return [
        (complement, "a word was kept when keep_draws[i] < 1 - p: the probability is the same, but the rule is "
                     "keep word i when keep_draws[i] > p"),
        (inverted, "the words with draws below p were kept: keep word i when keep_draws[i] > p "
                   "(delete with probability p)"),
        (ties, "a word whose draw equals p was kept: keep it only when keep_draws[i] > p (strictly)"),
        ([], "all words were deleted and an empty list returned: return [words[int(fallback_draw * len(words))]]"),
        ([words[0]], "the fallback is always the first word: return words[int(fallback_draw * len(words))]"),
        ([words[int(f * (len(words) - 1))]], "the fallback index is int(fallback_draw * (l - 1)): randint(0, l-1) "
                                             "includes l-1, so it is words[int(fallback_draw * len(words))]"),
    ]


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(93)
    for trial in range(30):
        l = int(rng.integers(2, 15))
        words = [f"w{i}" for i in range(l)]
        p = float(rng.choice([0.1, 0.3, 0.5]))
        k = rng.random(l)
        k[rng.random(l) < 0.15] = p
        f = float(rng.random())
        want = reference.random_deletion(words, p, k, f)
        expect_words(student.random_deletion(words, p, k, f), want,
                     f"random_deletion({words}, p={p}, keep_draws, fallback_draw={f:.3f})", _mistakes(words, p, k, f))


@pytest.mark.points(0.5)
def test_edge_cases(student, reference):
    words = ["quite", "a", "dull", "ending"]
    k = np.array([0.2, 0.1, 0.05, 0.2])
    for p, f in [(0.2, 0.9), (0.25, 0.3), (0.1, 0.0)]:
        want = reference.random_deletion(words, p, k, f)
        expect_words(student.random_deletion(words, p, k, f), want,
                     f"random_deletion({words}, p={p}, keep_draws={k.tolist()}, fallback_draw={f})",
                     _mistakes(words, p, k, f))
    expect_words(student.random_deletion(["alone"], 0.99, np.array([0.0]), 0.5), ["alone"],
                 "random_deletion(['alone'], p=0.99, ...): a one-word sentence is returned unchanged",
                 [([], "a one-word sentence must be returned unchanged, not deleted")])


@pytest.mark.points(0.25)
def test_probability_zero_and_one(student, reference):
    words = ["a", "plot", "with", "holes"]
    k = np.array([0.0, 0.4, 0.0, 0.7])
    for p, f in [(0.0, 0.5), (1.0, 0.6), (0.7, 0.99)]:
        want = reference.random_deletion(words, p, k, f)
        expect_words(student.random_deletion(words, p, k, f), want,
                     f"random_deletion({words}, p={p}, keep_draws={k.tolist()}, fallback_draw={f}) (a word is kept "
                     "only when its draw is strictly above p: p=0 deletes the draws of exactly 0, p=1 deletes all)",
                     _mistakes(words, p, k, f))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.random_deletion(["quite", "a", "dull", "ending"], 0.3, np.array([0.1, 0.5, 0.2, 0.9]), 0.4)
    expect_unchanged(student.last_call, "build a new list of the kept words; never remove from the words you are given")
    student.random_deletion(["quite", "a", "dull"], 0.0, np.array([0.3, 0.6, 0.9]), 0.4)
    expect_new(student.last_call, "return a new list even when no word is deleted (p = 0: list(words)), as the "
                                  "docstring says: otherwise the augmented sentence and the original are one list")
    student.random_deletion(["alone"], 0.5, np.array([0.9]), 0.4)
    expect_new(student.last_call, "return a new list for a one-word sentence too (list(words); EDA's own code returns "
                                  "words itself), as the docstring says: otherwise the augmented sentence and the "
                                  "original are one list")


@pytest.mark.points(0.25)
def test_no_other_randomness(student, reference):
    expect_no_other_randomness(student, "random_deletion")
    words, k = ["w0", "w1", "w2"], np.array([0.5, 0.05, 0.6])
    expect_words(student.random_deletion(words, 0.1, k, 0.2), reference.random_deletion(words, 0.1, k, 0.2),
                 f"random_deletion({words}, 0.1, ...)")
