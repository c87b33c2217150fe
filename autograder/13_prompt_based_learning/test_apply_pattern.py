"""Hidden tests of apply_pattern (mirrors PET's PVP.encode: get_parts filled with the texts, truncate() shortening
only the input texts, then [CLS] ... [SEP] and the ids of the tokens)."""
import re

import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_equal, expect_true, expect_unchanged

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "best", "pizza", "ever", "!", "all", "in", ",", "it", "was",
         ".", "just", "the", "food", "is", "cold", "\"", "?", "a", "man", "sleeps", "person", "awake", ":", "news",
         "summary", "restaurant"]
VOCAB = {w: i for i, w in enumerate(WORDS)}


def _tok(text):
    return [t if t == "[MASK]" else t.lower() for t in re.findall(r"\[MASK\]|\w+|[^\w\s]", text)]


def _plain(got):
    expect_true(isinstance(got, dict), f"apply_pattern returned a {type(got).__name__}; return a dict with the keys "
                                       "tokens, input_ids, mask_position")
    expect_equal(sorted(got), ["input_ids", "mask_position", "tokens"], "the keys of the returned dict")
    ids = got["input_ids"]
    ids = [int(i) for i in np.asarray(ids).ravel()] if not isinstance(ids, list) else ids
    pos = got["mask_position"]
    pos = int(np.asarray(pos)) if not isinstance(pos, int) else pos
    return {"tokens": list(got["tokens"]), "input_ids": ids, "mask_position": pos}


def _encode(tokens, vocab=VOCAB, unk=None):
    unk_id = vocab["[UNK]"] if unk is None else unk
    return {"tokens": tokens, "input_ids": [vocab.get(t, unk_id) for t in tokens],
            "mask_position": tokens.index("[MASK]") if "[MASK]" in tokens else -1}


def _fill(pattern, a, b):
    out = []
    for piece in re.split(r"(\{a\}|\{b\})", pattern):
        out += a if piece == "{a}" else b if piece == "{b}" else _tok(piece)
    return out


def _truncated(pattern, text_a, text_b, max_length, tie_b=True, from_start=False):
    """The texts' tokens after truncating one token at a time from the longer text (text_b on a tie when tie_b,
    else text_a); its first token instead of its last when from_start."""
    a = _tok(text_a) if "{a}" in pattern else []
    b = _tok(text_b) if "{b}" in pattern else []
    fixed = len(_fill(pattern, [], [])) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        if len(b) > len(a) or (len(b) == len(a) and tie_b):
            b = b[1:] if from_start else b[:-1]
        else:
            a = a[1:] if from_start else a[:-1]
    return a, b


def _mistakes(pattern, text_a, text_b, max_length, reference, extra=()):
    want = reference.apply_pattern(pattern, text_a, text_b, VOCAB, max_length)
    core = want["tokens"][1:-1]
    out = [
        (_encode(core), "the special tokens are missing: the sequence starts with [CLS] and ends with [SEP] "
                        "(so the mask position counts [CLS] at index 0)"),
        (_encode(["[CLS]"] + core), "[SEP] is missing at the end"),
        (dict(_encode(want["tokens"]), input_ids=[VOCAB.get(t, 0) for t in want["tokens"]]),
         "words missing from vocab must map to the id of [UNK], not 0"),
        (dict(want, input_ids=[VOCAB[t] for t in want["tokens"] if t in VOCAB],
              tokens=[t for t in want["tokens"] if t in VOCAB],
              mask_position=[t for t in want["tokens"] if t in VOCAB].index("[MASK]")),
         "unknown words are dropped: map them to [UNK]"),
    ]
    out += list(extra)
    for n, message in [(max_length - 1, "one token too many is removed: truncate only while the sequence (with [CLS] "
                                        "and [SEP]) is longer than max_length (>, not >=)"),
                       (max_length + 1, "the sequence ends one token longer than max_length: count both [CLS] and "
                                        "[SEP] in the length")]:
        if n >= 1 and "[MASK]" in pattern:
            out.append((reference.apply_pattern(pattern, text_a, text_b, VOCAB, n), message))
    a, b = _truncated(pattern, text_a, text_b, max_length, tie_b=False)
    out.append((_encode(["[CLS]"] + _fill(pattern, a, b) + ["[SEP]"]),
                "on a tie (both texts equally long) the last token of text_a is removed: remove it from text_b when "
                "both texts are equally long"))
    a, b = _truncated(pattern, text_a, text_b, max_length, from_start=True)
    out.append((_encode(["[CLS]"] + _fill(pattern, a, b) + ["[SEP]"]),
                "the FIRST tokens of the longer text are removed: truncate from the end, removing the LAST token of "
                "the longer text each time (list.pop(), not pop(0))"))
    a, b = _truncated(pattern, text_a, text_b, max_length)
    marked = ["[CLS]"] + _fill(pattern, ["\0" if t == "[MASK]" else t for t in a],
                               ["\0" if t == "[MASK]" else t for t in b]) + ["[SEP]"]
    if "[MASK]" in marked and marked.index("[MASK]") != want["mask_position"]:
        out.append((dict(want, mask_position=marked.index("[MASK]")),
                    "mask_position is the pattern's own [MASK]: it is the index of the FIRST \"[MASK]\" in tokens, "
                    "also when a text contains one (tokens.index('[MASK]'))"))
    joined = ["[CLS]"] + _tok(pattern.replace("{a}", text_a).replace("{b}", text_b)) + ["[SEP]"]
    if joined != want["tokens"] and joined.count("[MASK]") == 1 and len(joined) <= max_length:
        out.append((_encode(joined), "the pattern is filled as one string and then tokenized, so words at adjacent "
                                     "placeholders or next to pattern text merge (\"{a}{b}\" with 'good' and 'food' "
                                     "gives 'goodfood'): tokenize each text and each literal piece of the pattern "
                                     "separately, then concatenate the token lists"))
    raw = ["[CLS]"] + [t if t == "[MASK]" else t for t in re.findall(r"\[MASK\]|\w+|[^\w\s]",
                                                                    pattern.replace("{a}", text_a).replace("{b}", text_b))] + ["[SEP]"]
    if raw != want["tokens"] and raw != joined and "[MASK]" in raw:
        out.append((_encode(raw), "the tokens are not lowercased: tokenize every piece (and the texts) with tokenize()"))
    full = ["[CLS]"] + _fill(pattern, _tok(text_a) if "{a}" in pattern else [], _tok(text_b) if "{b}" in pattern else []) + ["[SEP]"]
    if len(full) > max_length:
        cut = full[:max_length - 1] + ["[SEP]"]
        out.append((_encode(cut), "the whole sequence is cut at max_length: shorten the texts only (one token at a time from "
                                  "the end of the longer text) so that the pattern and the mask survive"))
        cut2 = full[:max_length]
        out.append((_encode(cut2), "the whole sequence is cut at max_length: shorten the texts only (one token at a time from "
                                   "the end of the longer text) so that the pattern and the mask survive"))
        ta = _tok(text_a) if "{a}" in pattern else []
        tb = _tok(text_b) if "{b}" in pattern else []
        first, second = (ta, tb) if len(ta) > len(tb) else (tb, ta)
        excess = len(full) - max_length
        cut_first = min(excess, len(first))
        first, second = first[:len(first) - cut_first], second[:max(0, len(second) - (excess - cut_first))]
        once = (first, second) if len(ta) > len(tb) else (second, first)
        out.append((_encode(["[CLS]"] + _fill(pattern, *once) + ["[SEP]"]),
                    "all the excess is cut from the text that was longer at the start: remove ONE token at a time from "
                    "the end of whichever text is longer NOW (text_b on a tie), so both texts end up about equally long"))
    return want, out


def _check(got, pattern, text_a, text_b, max_length, reference, what, extra=()):
    want, mistakes = _mistakes(pattern, text_a, text_b, max_length, reference, extra)
    got = _plain(got)
    named = []
    for value, message in mistakes:
        if got == value and value != want and message not in named:
            named.append(message)
    if named:
        expect_true(False, f"{what}: {named[0]}" + "".join(f" (or, which gives the same tokens on this input: {m})"
                                                            for m in named[1:]))
    expect_equal(got["tokens"], want["tokens"], f"{what}: tokens")
    expect_equal(got["input_ids"], want["input_ids"], f"{what}: input_ids")
    expect_equal(got["mask_position"], want["mask_position"], f"{what}: mask_position")


@pytest.mark.points(0.5)
def test_single_text_patterns(student, reference):
    cases = [("{a} All in all, it was [MASK].", "Best pizza ever!"),
             ("Just [MASK]! {a}", "The FOOD is cold, the pizza is best."),
             ("[MASK] News: {a}", "Best pizza, awful crust"),
             ("{a} In summary, the restaurant is [MASK].", "")]
    for pattern, text in cases:
        got = _apply(student, pattern, text, "", VOCAB)
        _check(got, pattern, text, "", 512, reference, f"apply_pattern({pattern!r}, {text!r}, '', vocab)")
    long_text = " ".join(["best pizza ever"] * 200)           # 600 tokens: the default max_length=512 cuts it
    pattern = "{a} It was [MASK]."
    defaults = [(reference.apply_pattern(pattern, long_text, "", VOCAB, n), f"the default max_length is not 512 (this "
                 f"is max_length={n}): use the docstring's default max_length=512") for n in (128, 256, 384, 510, 1024)]
    got = _apply(student, pattern, long_text, "", VOCAB)
    _check(got, pattern, long_text, "", 512, reference,
           f"apply_pattern({pattern!r}, a text of 600 tokens, '', vocab) with the default max_length", extra=defaults)


@pytest.mark.points(0.5)
def test_two_text_patterns(student, reference):
    cases = [("\"{a}\" ? [MASK], \"{b}\"", "A man sleeps.", "A person is awake"),
             ("{a}? [MASK], {b}", "the food is cold", "It was best!"),
             ("{a} It was [MASK].", "best pizza", "this text is not in the pattern"),
             ("[MASK]: {a}{b}", "good", "food"),
             ("{a}[MASK]{b}", "best pizza", "ever"),
             ("{a} It was [MASK].", "the [MASK] is cold", ""),
             ("[MASK]: {a} {b}", "best pizza", "a [MASK] sleeps")]
    for pattern, a, b in cases:
        got = _apply(student, pattern, a, b, VOCAB)
        _check(got, pattern, a, b, 512, reference, f"apply_pattern({pattern!r}, {a!r}, {b!r}, vocab)")


@pytest.mark.points(0.5)
def test_truncation_shortens_only_the_texts(student, reference):
    cases = [("{a} All in all, it was [MASK].", "best pizza ever , the food is cold", "", 12),
             ("Just [MASK]! {a}", "the food is cold , the pizza is best .", "", 7),
             ("{a}? [MASK], {b}", "the food is cold , the pizza is best", "a man sleeps", 11),
             ("{a}? [MASK], {b}", "best pizza ever", "a person is awake", 9),
             ("{a}? [MASK], {b}", "the pizza is cold", "a person is awake", 10)]
    for pattern, a, b, n in cases:
        got = _apply(student, pattern, a, b, VOCAB, n)
        _check(got, pattern, a, b, n, reference, f"apply_pattern({pattern!r}, {a!r}, {b!r}, vocab, max_length={n})")


def _call(student, what, *args):
    try:
        return student.apply_pattern(*args)
    except StudentCodeError as exc:
        raise Mismatch(f"{what} failed: {exc}{_mask_hint(exc)}") from None


def _mask_hint(exc):
    """The cause of a failed tokens.index('[MASK]'): the pattern was not tokenized with tokenize()."""
    if "'[MASK]' is not in list" not in str(exc):
        return ""
    return (": \"[MASK]\" is not one of your tokens: tokenize each literal piece of the pattern with tokenize(), "
            "which keeps \"[MASK]\" as one token (str.split() leaves '[MASK].' or '[MASK],' as one piece)")


def _apply(student, *args):
    """student.apply_pattern(*args); an error from a [MASK] that is not a token gets the hint."""
    try:
        return student.apply_pattern(*args)
    except StudentCodeError as exc:
        hint = _mask_hint(exc)
        if exc.kind != "error" or not hint:
            raise
        raise AssertionError(f"apply_pattern{args[:3]!r}: {exc}{hint}") from None


@pytest.mark.points(0.5)
def test_absent_placeholders_and_boundary_lengths(student, reference):
    long_b = "the food is cold , the pizza is best , best pizza ever"
    cases = [
        ("[MASK]: {b}", "the pizza is cold", "best pizza ever", 512,
         "a pattern without {a}: text_a is ignored"),
        ("{a} It was [MASK].", "best pizza", long_b, 8,
         "a pattern without {b}: text_b is ignored, also when counting the length for truncation"),
        ("{a}? [MASK], {b}", "best pizza ever", "a man sleeps", 12,
         "max_length equal to the full length: nothing is removed"),
        ("{a}? [MASK], {b}", "best pizza ever", "a man sleeps", 4,
         "max_length shorter than the pattern itself: both texts are removed entirely and the pattern stays whole"),
        ("{a} All in all, it was [MASK].", "", "", 512, "two empty texts"),
    ]
    for pattern, a, b, n, why in cases:
        what = f"apply_pattern({pattern!r}, {a!r}, {b!r}, vocab, max_length={n}) ({why})"
        _check(_call(student, what, pattern, a, b, VOCAB, n), pattern, a, b, n, reference, what)


@pytest.mark.points(0.25)
def test_returns_plain_python_types(student, reference):
    got = student.apply_pattern("{a} It was [MASK].", "Best pizza ever!", "", VOCAB)
    _check(got, "{a} It was [MASK].", "Best pizza ever!", "", 512, reference, "apply_pattern('{a} It was [MASK].', ...)")
    ids, pos = got["input_ids"], got["mask_position"]
    expect_true(isinstance(ids, list) and all(type(i) is int for i in ids),
                "apply_pattern(...)['input_ids'] must be a list of Python int, as the docstring says (got "
                f"{type(ids).__name__}{' of ' + type(ids[0]).__name__ if isinstance(ids, list) and ids else ''}): "
                "build it with a list comprehension over the tokens, or call .tolist()")
    expect_true(type(pos) is int, f"apply_pattern(...)['mask_position'] must be a Python int, got {type(pos).__name__}: "
                                  "use tokens.index('[MASK]') or int(...)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.apply_pattern("{a}? [MASK], {b}", "Awful crust, cold pizza", "Never again", dict(VOCAB), 8)
    expect_unchanged(student.last_call, "look unknown words up with vocab.get(word, vocab['[UNK]']) and never add "
                                        "them to vocab")


@pytest.mark.points(0.5)
def test_random_patterns_and_texts(student, reference):
    rng = np.random.default_rng(1330)
    words = WORDS[5:] + ["awful", "crust", "Pizza", "BEST", "zebra"]
    literal = ["All in all,", "it was", "Just", "?", ":", "news", "In summary, the restaurant is", "\""]
    for _ in range(4):
        pieces = ["{a}", "[MASK]"] + (["{b}"] if rng.random() < 0.6 else [])
        pieces += [str(rng.choice(literal)) for _ in range(int(rng.integers(0, 3)))]
        pattern = " ".join(pieces[i] for i in rng.permutation(len(pieces)))
        a = " ".join(rng.choice(words, size=int(rng.integers(0, 9))))
        b = " ".join(rng.choice(words, size=int(rng.integers(0, 7))))
        full = len(reference.apply_pattern(pattern, a, b, VOCAB)["tokens"])
        n = int(rng.integers(max(full - 8, 3), full + 3))
        what = f"apply_pattern({pattern!r}, {a!r}, {b!r}, vocab, max_length={n}) (random draw)"
        _check(_call(student, what, pattern, a, b, VOCAB, n), pattern, a, b, n, reference, what)
