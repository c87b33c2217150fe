"""Hidden tests of synonym_replacement (eda_nlp code/eda.py synonym_replacement, draws for shuffle and choice)."""
import numpy as np
import pytest
from _rules import expect_no_other_randomness

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_new, expect_unchanged, expect_words

STOP = None


def variant(reference, words, synonyms, alpha, od, cd, *, n=None, all_occurrences=True, skip_stop=True,
            order="draws", precheck=False, lower_stop=False, original_positions=False, last_position=False,
            rank_choice=False, count_all=False):
    """The reference algorithm with one knob turned: the value a known mistake produces."""
    n = max(1, int(alpha * len(words))) if n is None else n
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    if last_position:  # {w: i for i, w in enumerate(words)}: the last position of a repeated word
        first = {w: i for i, w in enumerate(words)}
    cands = [w for w in first if not (skip_stop and (w.lower() if lower_stop else w) in reference.STOP_WORDS)]
    if order == "draws":
        cands = sorted(cands, key=lambda w: (od[first[w]], first[w]))
    elif order == "descending":
        cands = sorted(cands, key=lambda w: (-od[first[w]], first[w]))
    elif order == "unstable":  # np.argsort's default kind: ties in any order (SIMD sorts reorder them)
        cands = [cands[i] for i in np.argsort(np.asarray([od[first[w]] for w in cands]))]
    new, replaced = list(words), 0
    for rank, w in enumerate(cands):
        if precheck and replaced >= n:
            break
        syns = synonyms.get(w, [])
        if count_all and not syns:
            replaced += 1
        if syns:
            s = syns[int(cd[rank if rank_choice else first[w]] * len(syns))]
            if original_positions:
                new = [s if x == w else y for x, y in zip(words, new)]
            elif all_occurrences:
                new = [s if x == w else x for x in new]
            else:
                new[new.index(w)] = s
            replaced += 1
        if replaced >= n:
            break
    return new


def _mistakes(reference, words, syn, alpha, od, cd):
    l = len(words)
    return [
        (variant(reference, words, syn, alpha, od, cd, n=round(alpha * l)),
         "n is rounded: the official code uses n = max(1, int(alpha * len(words)))"),
        (variant(reference, words, syn, alpha, od, cd, n=int(alpha * l)),
         "n = int(alpha * len(words)) is 0 for a short sentence: use n = max(1, int(alpha * len(words)))"),
        (variant(reference, words, syn, alpha, od, cd, n=int(alpha * l), precheck=True),
         "n = int(alpha * len(words)) is 0 for a short sentence: use n = max(1, int(alpha * len(words)))"),
        (variant(reference, words, syn, alpha, od, cd, all_occurrences=False),
         "only the first occurrence of the chosen word was replaced: replace it at every position where it occurs"),
        (variant(reference, words, syn, alpha, od, cd, original_positions=True),
         "a synonym put in by an earlier replacement was left alone when the word it equals was visited later: "
         "like the official code (new_words = [synonym if word == random_word else word for word in new_words]), "
         "replace the word wherever it occurs in the list as edited so far"),
        (variant(reference, words, syn, alpha, od, cd, last_position=True),
         "a repeated word used the draws of its LAST position ({w: i for i, w in enumerate(words)} keeps the last i): "
         "use order_draws and choice_draws at its first position"),
        (variant(reference, words, syn, alpha, od, cd, rank_choice=True),
         "the synonym was chosen with choice_draws[k], k the candidate's rank in the visiting order: use "
         "choice_draws[first position of the word]"),
        (variant(reference, words, syn, alpha, od, cd, count_all=True),
         "a candidate without synonyms was counted as a replacement: only words actually replaced count towards n; "
         "go on to the next candidate"),
        (variant(reference, words, syn, alpha, od, cd, skip_stop=False),
         "a stop word was replaced: candidates are the distinct words that are not in STOP_WORDS"),
        (variant(reference, words, syn, alpha, od, cd, lower_stop=True),
         "a capitalised word was skipped as a stop word: the check is exact, w in STOP_WORDS (lower-case words), "
         "so 'So' or 'The' is a candidate; do not lower-case the words"),
        (variant(reference, words, syn, alpha, od, cd, order="position"),
         "candidates are visited in sentence order: visit them in increasing order_draws[first position]"),
        (variant(reference, words, syn, alpha, od, cd, order="descending"),
         "candidates are visited in decreasing order of their draws: sort by increasing order_draws"),
        (variant(reference, words, syn, alpha, od, cd, order="unstable"),
         "tied order_draws are not visited in sentence order: np.argsort's default sort is not stable; use "
         "np.argsort(..., kind='stable') or sort by (draw, first position)"),
    ]


SYN = {"movie": ["film", "picture", "flick"], "great": ["good", "fine"], "plot": ["story", "storyline"],
       "acting": ["performance"], "long": ["lengthy", "extended"], "film": ["movie", "picture"],
       "so": ["thus"], "very": ["really"], "ending": ["finale"], "love": ["adore", "enjoy"]}


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(90)
    vocab = ["the", "movie", "was", "great", "plot", "acting", "long", "film", "so", "very", "and", "ending",
             "love", "i", "it"]
    for trial in range(25):
        l = int(rng.integers(3, 16))
        words = [str(w) for w in rng.choice(vocab, size=l)]
        alpha = float(rng.choice([0.1, 0.2, 0.3, 0.5]))
        od, cd = rng.random(l), rng.random(l)
        want = reference.synonym_replacement(words, SYN, alpha, od, cd)
        expect_words(student.synonym_replacement(words, SYN, alpha, od, cd), want,
                     f"synonym_replacement({words}, synonyms, alpha={alpha}, order_draws, choice_draws)",
                     _mistakes(reference, words, SYN, alpha, od, cd))


@pytest.mark.points(0.75)
def test_n_and_every_occurrence(student, reference):
    words = ["movie", "after", "movie", "and", "plot", "twist", "after", "plot", "twist", "great"]
    od = np.array([0.1, 0.9, 0.1, 0.5, 0.3, 0.8, 0.9, 0.3, 0.8, 0.2])
    cd = np.array([0.7, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.99])
    for alpha in (0.05, 0.1, 0.25, 0.29, 0.35):
        want = reference.synonym_replacement(words, SYN, alpha, od, cd)
        expect_words(student.synonym_replacement(words, SYN, alpha, od, cd), want,
                     f"synonym_replacement({words}, synonyms, alpha={alpha}) (l=10, n={max(1, int(alpha * 10))})",
                     _mistakes(reference, words, SYN, alpha, od, cd))
    short = ["great", "film"]
    od2, cd2 = np.array([0.6, 0.4]), np.array([0.5, 0.9])
    want = reference.synonym_replacement(short, SYN, 0.1, od2, cd2)
    expect_words(student.synonym_replacement(short, SYN, 0.1, od2, cd2), want,
                 "synonym_replacement(['great', 'film'], synonyms, alpha=0.1) (n = max(1, 0) = 1)",
                 _mistakes(reference, short, SYN, 0.1, od2, cd2))


@pytest.mark.points(0.25)
def test_stop_words_ties_and_no_synonyms(student, reference):
    words = ["so", "very", "long", "and", "so", "very", "dull"]
    od = np.array([0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.5])        # stop words have the smallest draws; a tie at 0.5
    cd = np.full(7, 0.5)
    want = reference.synonym_replacement(words, SYN, 0.3, od, cd)
    expect_words(student.synonym_replacement(words, SYN, 0.3, od, cd), want,
                 f"synonym_replacement({words}, synonyms, alpha=0.3) ('so' and 'very' are stop words)",
                 _mistakes(reference, words, SYN, 0.3, od, cd))
    ties = ["movie", "great", "plot", "acting", "long", "film", "ending", "love", "dull", "twist"]
    syn = dict(SYN, dull=["boring"], twist=["turn"])
    od = np.array([0.9, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9])    # six tied smallest draws, two more ties
    cd = np.full(10, 0.5)
    for alpha in (0.2, 0.5, 0.8):
        want = reference.synonym_replacement(ties, syn, alpha, od, cd)
        expect_words(student.synonym_replacement(ties, syn, alpha, od, cd), want,
                     f"synonym_replacement({ties}, synonyms, alpha={alpha}, order_draws={od.tolist()}) (tied draws: "
                     "the earlier position first)", _mistakes(reference, ties, syn, alpha, od, cd))
    caps = ["So", "very", "The", "movie", "so"]                  # STOP_WORDS is lower-case: 'So' and 'The' are not in it
    syn = dict(SYN, So=["Thus"], The=["This"])
    od, cd = np.array([0.1, 0.0, 0.2, 0.3, 0.0]), np.full(5, 0.5)
    want = reference.synonym_replacement(caps, syn, 0.4, od, cd)
    expect_words(student.synonym_replacement(caps, syn, 0.4, od, cd), want,
                 f"synonym_replacement({caps}, synonyms with 'So' and 'The', alpha=0.4) (stop words are matched "
                 "exactly: 'So' and 'The' are not in the lower-case STOP_WORDS)", _mistakes(reference, caps, syn, 0.4, od, cd))
    nothing = ["zzz", "qqq", "the"]
    expect_words(student.synonym_replacement(nothing, SYN, 0.5, np.full(3, 0.1), np.full(3, 0.1)), nothing,
                 "synonym_replacement(['zzz', 'qqq', 'the'], ...) where no word has a synonym")


def _call(fn, what, *args):
    try:
        return fn(*args)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None


@pytest.mark.points(0.25)
def test_alpha_one_empty_synonym_lists_and_last_draws(student, reference):
    words = ["great", "movie", "long", "plot", "zzz"]
    syn = dict(SYN, zzz=[])
    od, cd = np.array([0.5, 0.2, 0.8, 0.1, 0.0]), np.full(5, 0.999999)
    for alpha in (1.0, 0.4):
        what = (f"synonym_replacement({words}, synonyms with 'zzz': [], alpha={alpha}, order_draws, choice_draws of "
                "0.999999) (an empty synonym list means no synonym; the last synonym is index len - 1)")
        want = reference.synonym_replacement(words, syn, alpha, od, cd)
        expect_words(_call(student.synonym_replacement, what, words, syn, alpha, od, cd), want, what,
                     _mistakes(reference, words, syn, alpha, od, cd))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    words = ["movie", "great", "movie", "plot", "the"]
    student.synonym_replacement(words, {k: list(v) for k, v in SYN.items()}, 0.5, np.linspace(0, 0.9, 5), np.full(5, 0.3))
    expect_unchanged(student.last_call, "work on a copy (new = list(words)) and never reorder or edit the synonym "
                                        "lists")
    student.synonym_replacement(["the", "plot", "holes"], {}, 0.5, np.array([0.2, 0.1, 0.7]), np.full(3, 0.3))
    expect_new(student.last_call, "return a new list even when no word has a synonym (list(words)), as the docstring "
                                  "says: otherwise the augmented sentence and the original are one list")


@pytest.mark.points(0.25)
def test_no_other_randomness(student, reference):
    expect_no_other_randomness(student, "synonym_replacement")
    words = ["great", "plot", "and", "long", "film"]
    od, cd = np.array([0.3, 0.1, 0.0, 0.9, 0.2]), np.array([0.5, 0.6, 0.0, 0.1, 0.9])
    expect_words(student.synonym_replacement(words, SYN, 0.4, od, cd),
                 reference.synonym_replacement(words, SYN, 0.4, od, cd), f"synonym_replacement({words}, alpha=0.4)")
