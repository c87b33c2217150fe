"""Hidden tests of back_translate: n-best forward then backward tables, identity and duplicates removed."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_new, expect_true, expect_unchanged

FWD = {"the plot was thin": ["die Handlung war dünn", "die Story war dünn", "le scénario était mince"],
       "i loved every minute": ["ich liebte jede Minute"],
       "a dull film": ["ein langweiliger Film", "ein öder Film"],
       "no back translations": ["keine Rückübersetzung"]}
BWD = {"die Handlung war dünn": ["the plot was thin", "the storyline was thin", "the plot was weak"],
       "die Story war dünn": ["the story was thin", "the plot was weak"],
       "le scénario était mince": ["the script was slim", "the storyline was thin", "the plot was thin"],
       "ich liebte jede Minute": ["i loved every minute", "i loved each minute"],
       "ein langweiliger Film": ["a boring film", "a boring  movie"],
       "ein öder Film": ["a dull film", "a tedious film", "a boring film"]}


def variant(sentences, labels, *, keep_identity=False, dedupe=True, first_pivot_only=False, global_seen=False,
            split_space=False):
    xs, ys = [], []
    shared = set()
    for words, y in zip(sentences, labels):
        src = " ".join(words)
        seen = set() if keep_identity else {src}
        if global_seen:
            shared.add(src)
            seen = shared
        pivots = FWD.get(src, [])[:1] if first_pivot_only else FWD.get(src, [])
        for p in pivots:
            for z in BWD.get(p, []):
                if (z not in seen) if dedupe else (keep_identity or z != src):
                    seen.add(z); xs.append(z.split(" ") if split_space else z.split()); ys.append(y)
    return xs, ys


def _check(got, want, what, mistakes):
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (new_sentences, new_labels)")
    xs, ys = list(got[0]), [int(y) for y in got[1]]
    if not all(isinstance(s, list) and all(isinstance(w, str) for w in s) for s in xs):
        raise Mismatch(f"{what}: new_sentences must be a list of lists of str (split each paraphrase into words)")
    for (mx, my), message in mistakes:
        ambiguous = sum(other == (mx, my) for other, _ in mistakes) > 1
        if (xs, ys) == (mx, my) and (mx, my) != want and not ambiguous:
            raise Mismatch(f"{what}: {message}")
    if xs != want[0]:
        raise Mismatch(f"{what}: new_sentences = {xs}, expected {want[0]}")
    if ys != want[1]:
        raise Mismatch(f"{what}: new_labels = {ys}, expected {want[1]} (each paraphrase keeps its sentence's label)")


def _mistakes(sentences, labels):
    return [(variant(sentences, labels, keep_identity=True),
             "a paraphrase identical to the original sentence was kept: drop round trips that give the input back"),
            (variant(sentences, labels, dedupe=False),
             "the same paraphrase was produced twice for one sentence: keep only its first occurrence"),
            (variant(sentences, labels, first_pivot_only=True),
             "only the first pivot translation was used: back-translate every pivot in forward[sentence]"),
            (variant(sentences, labels, global_seen=True),
             "a paraphrase produced for an earlier sentence was dropped: remove duplicates within each sentence only "
             "(a repeated sentence gets its paraphrases again)"),
            (variant(sentences, labels, split_space=True),
             "a paraphrase with two spaces in a row ('a boring  movie') gave an empty token '': split on any "
             "whitespace with paraphrase.split(), not .split(' ')")]


@pytest.mark.points(0.75)
def test_pipeline(student, reference):
    sentences = [["the", "plot", "was", "thin"], ["i", "loved", "every", "minute"], ["a", "dull", "film"]]
    labels = [0, 1, 0]
    want = reference.back_translate(sentences, labels, FWD, BWD)
    _check(student.back_translate(sentences, labels, FWD, BWD), want,
           "back_translate(3 sentences, labels [0, 1, 0], forward, backward)", _mistakes(sentences, labels))


@pytest.mark.points(0.5)
def test_missing_keys_and_label_alignment(student, reference):
    sentences = [["unknown", "sentence"], ["a", "dull", "film"], ["no", "back", "translations"],
                 ["the", "plot", "was", "thin"], ["a", "dull", "film"]]
    labels = [1, 0, 1, 2, 3]
    want = reference.back_translate(sentences, labels, FWD, BWD)
    what = "back_translate(5 sentences with missing table entries and a repeated sentence, labels [1, 0, 1, 2, 3])"
    got = _call(student, f"{what} (a sentence missing from forward, or a pivot missing from backward, gives "
                         "nothing: use forward.get(sentence, []) and backward.get(pivot, []))", sentences, labels, FWD, BWD)
    _check(got, want, what, _mistakes(sentences, labels))


def _call(student, what, *args):
    try:
        return student.back_translate(*args)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None


@pytest.mark.points(0.25)
def test_nothing_to_translate_and_types(student, reference):
    for sentences, labels, what in [([], [], "back_translate([], [], forward, backward) (no sentences)"),
                                    ([["unknown", "sentence"]], [4], "back_translate with no paraphrases at all "
                                                                      "(the sentence is missing from forward)")]:
        _check(_call(student, f"{what}: return ([], [])", sentences, labels, FWD, BWD), ([], []), what, [])
    sentences, labels = [["a", "dull", "film"], ["the", "plot", "was", "thin"]], [3, 1]
    got = student.back_translate(sentences, labels, FWD, BWD)
    _check(got, reference.back_translate(sentences, labels, FWD, BWD), "back_translate(2 sentences, labels [3, 1])",
           _mistakes(sentences, labels))
    expect_true(isinstance(got[0], list) and isinstance(got[1], list) and all(type(y) is int for y in got[1]),
                "back_translate must return a list of sentences and a list of Python int labels, as the docstring "
                f"says (got {type(got[0]).__name__} and {type(got[1]).__name__})")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    sentences, labels = [["the", "plot", "was", "thin"], ["a", "dull", "film"]], [0, 1]
    student.back_translate(sentences, labels, {k: list(v) for k, v in FWD.items()}, {k: list(v) for k, v in BWD.items()})
    expect_unchanged(student.last_call, "build new lists; never append to, sort or pop from the sentences, labels "
                                        "or translation tables you are given")
    student.back_translate([], [], FWD, BWD)
    expect_new(student.last_call, "return new lists even when there is nothing to translate (([], []), not the "
                                  "sentences and labels you were given): the caller adds the paraphrases to them")


@pytest.mark.points(0.25)
def test_random_tables(student, reference):
    rng = np.random.default_rng(97)
    words = ["good", "bad", "film", "plot", "a", "the", "very"]
    for _ in range(2):
        sentences = [[str(w) for w in rng.choice(words, size=int(rng.integers(1, 4)))] for _ in range(int(rng.integers(1, 6)))]
        forward = {" ".join(s): [f"p{int(i)}" for i in rng.integers(0, 5, size=int(rng.integers(0, 3)))]
                   for s in sentences if rng.random() < 0.8}
        backward = {f"p{i}": [" ".join(rng.choice(words, size=int(rng.integers(1, 4)))) for _ in range(int(rng.integers(0, 4)))]
                    for i in range(5)}
        labels = [int(y) for y in rng.integers(0, 3, size=len(sentences))]
        want = reference.back_translate(sentences, labels, forward, backward)
        _check(student.back_translate(sentences, labels, forward, backward), want,
               f"back_translate({sentences}, {labels}, forward={forward}, backward={backward}) (random draw)", [])
