"""Hidden tests of random_insertion (eda_nlp code/eda.py random_insertion / add_word, draws for randint)."""
import numpy as np
import pytest
from _rules import expect_no_other_randomness

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_new, expect_unchanged, expect_words


def variant(words, syn, alpha, wd, pd, *, n=None, end=False, from_original=False, tries=9, random_syn=False,
            original_length=(), stop=frozenset()):
    """The reference with one mistake; original_length names what uses len(words) instead of len(new):
    "word" (the index of the drawn word) and/or "position" (the insertion position)."""
    n = max(1, int(alpha * len(words))) if n is None else n
    new = list(words)
    for k in range(n):
        syns = []
        for u in wd[k][:tries]:
            pool = words if from_original else new
            size = len(words) if "word" in original_length else len(pool)
            word = pool[int(u * size)]
            syns = [] if word in stop else syn.get(word, [])
            if syns:
                break
        if syns:
            L = len(words) if "position" in original_length else len(new) + 1 if end else len(new)
            new.insert(int(pd[k] * L), syns[-1] if random_syn else syns[0])
    return new


def _mistakes(words, syn, alpha, wd, pd):
    l = len(words)
    return [
        (variant(words, syn, alpha, wd, pd, original_length=("word", "position")),
         "the word and the position are drawn with the original length len(words): use the current length "
         "L = len(new), which grows with each insertion, for both"),
        (variant(words, syn, alpha, wd, pd, original_length=("position",)),
         "the insertion position is drawn with the original length len(words): use the current length L = len(new), "
         "which grows with each insertion"),
        (variant(words, syn, alpha, wd, pd, end=True),
         "the insertion position may be the end of the list: the official randint(0, L-1) gives "
         "int(position_draws[k] * L), never L"),
        (variant(words, syn, alpha, wd, pd, from_original=True),
         "the word is drawn from the original sentence: draw it from the current list, which grows with each insertion"),
        (variant(words, syn, alpha, wd, pd, n=int(alpha * l)),
         "a short sentence got no insertion: n = max(1, int(alpha * len(words))) is at least 1"),
        (variant(words, syn, alpha, wd, pd, n=round(alpha * l)),
         "n is rounded: the official code uses n = max(1, int(alpha * len(words)))"),
        (variant(words, syn, alpha, wd, pd, tries=1),
         "only one word was tried: try up to 9 words (word_draws[k, 0..8]) until one has synonyms"),
        (variant(words, syn, alpha, wd, pd, tries=8),
         "only 8 words were tried: try all 9 words (word_draws[k, 0..8]) before skipping the insertion"),
        (variant(words, syn, alpha, wd, pd, random_syn=True),
         "insert the FIRST synonym of the chosen word (synonyms[word][0]), as the official add_word does"),
    ]


SYN = {"movie": ["film", "picture"], "great": ["good", "fine"], "plot": ["story"], "acting": ["performance"],
       "love": ["adore", "enjoy"], "film": ["movie"], "ending": ["finale", "conclusion"]}


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(91)
    vocab = ["the", "movie", "was", "great", "plot", "acting", "and", "ending", "love", "i", "it", "so"]
    for trial in range(25):
        l = int(rng.integers(2, 14))
        words = [str(w) for w in rng.choice(vocab, size=l)]
        alpha = float(rng.choice([0.1, 0.2, 0.3, 0.5]))
        m = l + 2
        wd, pd = rng.random((m, 9)), rng.random(m)
        want = reference.random_insertion(words, SYN, alpha, wd, pd)
        expect_words(student.random_insertion(words, SYN, alpha, wd, pd), want,
                     f"random_insertion({words}, synonyms, alpha={alpha}, word_draws of shape ({m}, 9), position_draws)",
                     _mistakes(words, SYN, alpha, wd, pd))


@pytest.mark.points(0.75)
def test_positions_and_growing_list(student, reference):
    words = ["i", "saw", "a", "movie"]
    wd = np.array([[0.8] + [0.0] * 8, [0.0, 0.5, 0.99] + [0.0] * 6, [0.9] * 9])
    for pd in (np.array([0.999, 0.999, 0.5]), np.array([0.0, 0.85, 0.1]), np.array([0.5, 0.5, 0.5])):
        for alpha in (0.1, 0.5, 0.75):
            want = reference.random_insertion(words, SYN, alpha, wd, pd)
            expect_words(student.random_insertion(words, SYN, alpha, wd, pd), want,
                         f"random_insertion({words}, synonyms, alpha={alpha}, word_draws, position_draws={pd.tolist()})",
                         _mistakes(words, SYN, alpha, wd, pd))
    words, syn = ["so", "very", "dull", "and", "long"], dict(SYN, so=["thus"], very=["really"], dull=["boring"])
    wd = np.array([[0.1, 0.5] + [0.9] * 7, [0.0, 0.3] + [0.9] * 7])     # the first tries hit the stop words 'so', 'very'
    pd = np.array([0.5, 0.9])
    want = reference.random_insertion(words, syn, 0.4, wd, pd)
    expect_words(student.random_insertion(words, syn, 0.4, wd, pd), want,
                 f"random_insertion({words}, synonyms with 'so' and 'very', alpha=0.4) (stop words are not excluded)",
                 [(variant(words, syn, 0.4, wd, pd, stop=reference.STOP_WORDS),
                   "a stop word was skipped: random insertion tries any word with synonyms, stop words too (the "
                   "official add_word does not exclude them, whatever the paper says)")] + _mistakes(words, syn, 0.4, wd, pd))


@pytest.mark.points(0.25)
def test_gives_up_after_nine_tries(student, reference):
    words = ["a", "b", "c", "movie"]
    wd = np.array([[0.0, 0.3, 0.6, 0.1, 0.2, 0.4, 0.5, 0.55, 0.7]])      # never position 3
    expect_words(student.random_insertion(words, SYN, 0.1, wd, np.array([0.2])), words,
                 "random_insertion(['a', 'b', 'c', 'movie'], ...) whose 9 tries never hit 'movie' (nothing inserted)",
                 _mistakes(words, SYN, 0.1, wd, np.array([0.2])))
    wd2 = wd.copy(); wd2[0, 8] = 0.8
    want = reference.random_insertion(words, SYN, 0.1, wd2, np.array([0.2]))
    ninth = ("nothing was inserted although the 9th try, word_draws[k, 8], hits 'movie': try all 9 words "
             "(t = 0..8) before skipping the insertion")
    expect_words(student.random_insertion(words, SYN, 0.1, wd2, np.array([0.2])), want,
                 "random_insertion(['a', 'b', 'c', 'movie'], ...) whose 9th try hits 'movie'",
                 [(words, ninth)] + [(v, m) for v, m in _mistakes(words, SYN, 0.1, wd2, np.array([0.2])) if v != words])
    wd3 = np.vstack([wd, wd2])                                        # n = 1: row 0 is skipped, row 1 is not used
    expect_words(student.random_insertion(words, SYN, 0.1, wd3, np.array([0.2, 0.2])), words,
                 "random_insertion(['a', 'b', 'c', 'movie'], alpha=0.1, 2 rows of draws) (n = 1; the 9 tries of "
                 "row 0 never hit 'movie': nothing inserted)",
                 [(want, "insertion k was skipped and then retried with the next row of draws: a skipped insertion "
                         "still counts; make exactly n = max(1, int(alpha * len(words))) attempts, k = 0..n-1")])


def _call(fn, what, *args):
    try:
        return fn(*args)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None


@pytest.mark.points(0.25)
def test_one_word_alpha_one_and_empty_synonym_lists(student, reference):
    rng = np.random.default_rng(94)
    syn = dict(SYN, zzz=[])
    for words, alpha in [(["movie"], 0.5), (["zzz", "plot", "zzz"], 1.0), (["zzz", "acting"], 0.5)]:
        wd, pd = rng.random((5, 9)), rng.random(5)
        wd[:, 0] = 0.0                                           # the first try always hits words[0]
        what = (f"random_insertion({words}, synonyms with 'zzz': [], alpha={alpha}, 5 rows of draws) (an empty synonym "
                "list means no synonym: try the next word)")
        want = reference.random_insertion(words, syn, alpha, wd, pd)
        expect_words(_call(student.random_insertion, what, words, syn, alpha, wd, pd), want, what,
                     _mistakes(words, syn, alpha, wd, pd))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(95)
    words = ["the", "movie", "was", "great"]
    student.random_insertion(words, {k: list(v) for k, v in SYN.items()}, 0.5, rng.random((3, 9)), rng.random(3))
    expect_unchanged(student.last_call, "insert into a copy (new = list(words)), never into the words you are given")
    student.random_insertion(["the", "plot", "holes"], {}, 0.5, rng.random((3, 9)), rng.random(3))
    expect_new(student.last_call, "return a new list even when nothing is inserted (list(words)), as the docstring "
                                  "says: otherwise the augmented sentence and the original are one list")


@pytest.mark.points(0.25)
def test_no_other_randomness(student, reference):
    expect_no_other_randomness(student, "random_insertion")
    rng = np.random.default_rng(96)
    words, wd, pd = ["great", "plot", "and", "acting"], rng.random((2, 9)), rng.random(2)
    expect_words(student.random_insertion(words, SYN, 0.5, wd, pd), reference.random_insertion(words, SYN, 0.5, wd, pd),
                 f"random_insertion({words}, alpha=0.5)")
