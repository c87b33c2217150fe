"""Hidden tests of difficulty_scores (mirrors symphony-mt's SentenceLength and SentenceRarity with product
pooling: -sum of log unigram probabilities, estimated from the corpus itself)."""
from collections import Counter

import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_unchanged

RTOL, ATOL = 1e-10, 1e-10


def _rarity(sentences, *, log=np.log, pool="sum", unique=False, doc_freq=False, by_types=False, sign=-1.0):
    counts = Counter(w for s in sentences for w in (set(s) if doc_freq else s))
    total = len(counts) if by_types else sum(len(s) for s in sentences) if doc_freq else sum(counts.values())
    out = []
    for s in sentences:
        words = list(dict.fromkeys(s)) if unique else s
        vals = [sign * log(counts[w] / total) for w in words]
        out.append((np.sum(vals) if pool == "sum" else np.mean(vals)) if vals else 0.0)
    return np.array(out, dtype=np.float64)


def _mistakes(sentences):
    return [
        (_rarity(sentences, log=np.log2), "the log is in base 2: use the natural logarithm, np.log"),
        (_rarity(sentences, log=np.log10), "the log is in base 10: use the natural logarithm, np.log"),
        (_rarity(sentences, pool="mean"), "this is the mean of -log p over the tokens: rarity is the sum of -log p "
                                          "over the tokens (the sentence's negative log-likelihood)"),
        (_rarity(sentences, unique=True), "repeated words are counted once: count every occurrence of a word in "
                                          "the sum, as a unigram language model does"),
        (_rarity(sentences, doc_freq=True), "p(w) counts the sentences containing w: count every occurrence "
                                            "of w and divide by the total number of tokens"),
        (_rarity(sentences, by_types=True), "the counts are divided by the number of distinct words: p(w) = "
                                            "count(w) / total number of tokens"),
        (_rarity(sentences, sign=1.0), "the sign is wrong: rarity is the NEGATIVE log-probability, which is >= 0"),
    ]


def _corpus(seed, n=40, vocab=25):
    rng = np.random.default_rng(seed)
    zipf = 1 / np.arange(1, vocab + 1)
    zipf /= zipf.sum()
    words = [f"tok{i}" for i in range(vocab)]
    return [[words[i] for i in rng.choice(vocab, size=rng.integers(1, 12), p=zipf)] for _ in range(n)]


@pytest.mark.points(0.5)
def test_rarity_matches_reference(student, reference):
    sentences = _corpus(300)
    sentences[3] = sentences[3] + sentences[3]      # repeated words inside a sentence
    expect_array(student.difficulty_scores(sentences, "rarity"), reference.difficulty_scores(sentences, "rarity"),
                 "difficulty_scores(40 sentences, kind='rarity')", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(sentences))


@pytest.mark.points(0.5)
def test_length_and_default_kind(student, reference):
    sentences = _corpus(301, n=15)
    want = reference.difficulty_scores(sentences, "length")
    expect_array(student.difficulty_scores(sentences, "length"), want, "difficulty_scores(15 sentences, kind='length')",
                 rtol=0, atol=0, mistakes=[(want - 1, "the length is off by one: it is the number of tokens, len(s)")]
                 + [(np.array([float(len(sep.join(s))) for s in sentences]),
                     "the length counts characters: it is the number of tokens of the sentence, len(s)")
                    for sep in (" ", "")])
    expect_array(student.difficulty_scores(sentences), reference.difficulty_scores(sentences),
                 "difficulty_scores(sentences) with the default kind ('rarity')", rtol=RTOL, atol=ATOL,
                 mistakes=[(want, "these are the lengths: the default kind is 'rarity'")] + _mistakes(sentences))


@pytest.mark.points(0.5)
def test_edge_cases(student, reference):
    sentences = [["only"], [], ["only", "only", "rare"], ["Only"]]      # tokens are case-sensitive
    expect_array(student.difficulty_scores(sentences, "rarity"), reference.difficulty_scores(sentences, "rarity"),
                 "difficulty_scores([['only'], [], ['only', 'only', 'rare'], ['Only']], 'rarity') (an empty sentence "
                 "has difficulty 0; 'Only' and 'only' are different tokens)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(sentences))
    expect_array(student.difficulty_scores(sentences, "length"), np.array([1.0, 0.0, 3.0, 1.0]),
                 "difficulty_scores(the same sentences, 'length')", rtol=0, atol=0)


def _call(student, what, *args):
    try:
        return student.difficulty_scores(*args)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None


@pytest.mark.points(0.5)
def test_empty_corpus_and_empty_sentences(student, reference):
    for kind in ("rarity", "length"):
        what = f"difficulty_scores([], {kind!r}) (an empty corpus gives an empty float64 array of shape (0,))"
        expect_array(_call(student, what, [], kind), np.zeros(0), what, rtol=0, atol=0)
    what = ("difficulty_scores([[], [], []], 'rarity') (a corpus of empty sentences has no tokens at all: every "
            "difficulty is 0, never nan)")
    expect_array(_call(student, what, [[], [], []], "rarity"), np.zeros(3), what, rtol=0, atol=0)


@pytest.mark.points(0.25)
def test_float64_scores(student, reference):
    sentences = _corpus(302, n=6)
    for kind in ("length", "rarity"):
        got = student.difficulty_scores(sentences, kind)
        expect_dtype(got, np.float64, f"difficulty_scores(sentences, {kind!r})",
                     "np.array(..., dtype=np.float64), also for the lengths")
    got = student.difficulty_scores([[], []], "rarity")
    expect_dtype(got, np.float64, "difficulty_scores([[], []], 'rarity') (no token at all: every sum is the int 0)",
                 "np.array of Python ints 0 is an int64 array: build the result with np.array(..., dtype=np.float64)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    sentences = _corpus(303, n=8)
    for kind in ("rarity", "length"):
        student.difficulty_scores(sentences, kind)
        expect_unchanged(student.last_call, "count the words without changing the sentences (no sort, append or "
                                            "remove on the lists you are given)")


@pytest.mark.points(0.5)
def test_random_corpora(student, reference):
    rng = np.random.default_rng(304)
    for _ in range(3):
        sentences = _corpus(int(rng.integers(1 << 30)), n=int(rng.integers(1, 30)), vocab=int(rng.integers(1, 40)))
        kind = str(rng.choice(["rarity", "length"]))
        want = reference.difficulty_scores(sentences, kind)
        expect_array(student.difficulty_scores(sentences, kind), want,
                     f"difficulty_scores({len(sentences)} sentences, kind={kind!r}) (random draw)", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(sentences) if kind == "rarity" else [])
