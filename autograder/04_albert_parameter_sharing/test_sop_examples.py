"""Hidden tests of sop_examples: the SOP branch of create_instances_from_document in google-research/albert
(swap A and B, label 1), with the pair layout of a transformers tokenizer called as tokenizer(a, b)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_equal, expect_unchanged, type_name

KEYS = ["input_ids", "sentence_order_label", "token_type_ids"]


def _as_ints(value, what):
    """Nested lists of ints (numpy integers come back from the student's process as 0-d arrays)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_as_ints(v, what) for v in value]
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AssertionError(f"{what} must contain integers, found {value!r}") from None


def _build(documents, coins, cls_id=2, sep_id=3, overlapping=False, per_document=False, label_flip=False,
           sep_type_one=False, swap_on=1, coin_for_unpaired=False, types_before_swap=False, last_sep_zero=False):
    ids, types, labels = [], [], []
    k = 0
    for doc in documents:
        if per_document:
            k = 0
        step = 1 if overlapping else 2
        for j in range(0, len(doc) - 1, step):
            a, b = list(doc[j]), list(doc[j + 1])
            c = int(coins[k]); k += 1
            swap = c == swap_on
            n_a, n_b = len(a), len(b)
            if swap:
                a, b = b, a
            if not types_before_swap:
                n_a, n_b = len(a), len(b)
            ids.append([cls_id] + a + [sep_id] + b + [sep_id])
            types.append([0] * (n_a + 1) + [1] * (n_b + 2) if sep_type_one else
                         [0] * (n_a + 2) + [1] * n_b + [0] if last_sep_zero else [0] * (n_a + 2) + [1] * (n_b + 1))
            labels.append(int(not swap) if label_flip else int(swap))
        if coin_for_unpaired and len(doc) % 2:
            k += 1                                       # ceil(n / 2) coins: the dropped last segment used one
    return {"input_ids": ids, "token_type_ids": types, "sentence_order_label": labels}


def _call(student, docs, *args):
    """The student's sop_examples, with a hint when a document of an odd number of segments is read past its end."""
    try:
        return student.sop_examples(docs, *args)
    except StudentCodeError as exc:
        if exc.kind == "error" and "list index out of range" in str(exc) and any(len(d) % 2 for d in docs):
            raise AssertionError(f"sop_examples on documents with an odd number of segments: {exc}: a document's "
                                 "unpaired last segment was read past its end (doc[j + 1]): take the pairs with "
                                 "range(0, len(doc) - 1, 2), so that an unpaired last segment is dropped") from None
        raise


def _documents(seed, n_docs=3):
    rng = np.random.default_rng(seed)
    docs, next_id = [], 10
    for d in range(n_docs):
        doc = []
        for _ in range(int(rng.integers(2, 8))):
            n = int(rng.integers(1, 5))
            doc.append(list(range(next_id, next_id + n)))
            next_id += n
        docs.append(doc)
    return docs


def _check(student, reference, docs, coins, what, cls_id=2, sep_id=3, keys=("input_ids", "token_type_ids",
                                                                              "sentence_order_label"), got=None):
    got = _call(student, docs, coins, cls_id, sep_id) if got is None else got
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys {KEYS}")
    expect_equal(sorted(got), KEYS, f"the keys of {what}")
    got = {k: _as_ints(v, f"{what}[{k!r}]") for k, v in got.items()}
    want = reference.sop_examples(docs, coins, cls_id, sep_id)
    coins = np.concatenate([np.asarray(coins).reshape(-1), np.zeros(200, dtype=np.int64)])   # enough for any mistake
    mistakes = {
        "input_ids": [
            (_build(docs, coins, cls_id, sep_id, overlapping=True)["input_ids"],
             "pairs overlap: SOP takes non-overlapping pairs (seg 0, seg 1), (seg 2, seg 3), ... of each document"),
            (_build(docs, coins, cls_id, sep_id, per_document=True)["input_ids"],
             "the coins restart at every document: there is one coin per example, used in order across all documents"),
            (_build(docs, coins, cls_id, sep_id, coin_for_unpaired=True)["input_ids"],
             "a coin was used for the unpaired last segment of a document with an odd number of segments (one "
             "segment too), which is dropped: there is one coin per example (pair), used in order; a dropped "
             "segment takes no coin"),
            (_build(docs, coins, cls_id, sep_id, swap_on=0)["input_ids"],
             "the segments are swapped when the coin is 0: coin 1 swaps, coin 0 keeps the original order"),
        ],
        "token_type_ids": [
            (_build(docs, coins, cls_id, sep_id, sep_type_one=True)["token_type_ids"],
             "the first [SEP] has token type 1: [CLS], the first segment and the first [SEP] are type 0; "
             "the second segment and the final [SEP] are type 1"),
            (_build(docs, coins, cls_id, sep_id, types_before_swap=True)["token_type_ids"],
             "the token types follow the ORIGINAL segment lengths in a swapped pair: build them from the segments "
             "in the order they appear in input_ids (after the swap)"),
            (_build(docs, coins, cls_id, sep_id, last_sep_zero=True)["token_type_ids"],
             "the final [SEP] has token type 0: it belongs to the second segment, type 1 ([0] * (len(A) + 2) + "
             "[1] * (len(B) + 1))"),
        ],
        "sentence_order_label": [
            (_build(docs, coins, cls_id, sep_id, label_flip=True)["sentence_order_label"],
             "the labels are inverted: label 1 means swapped (AlbertForPreTraining's sentence_order_label), "
             "0 means the original order"),
        ],
    }
    for key in keys:
        named = [message for wrong, message in mistakes[key] if got[key] == wrong and wrong != want[key]]
        if named:   # two mistakes can give the same examples on an input: name both
            other = f" (or, which gives the same values on this input: {named[1]})" if len(named) > 1 else ""
            raise AssertionError(f"{what}: {named[0]}{other}")
        expect_equal(got[key], want[key], f"{what}[{key!r}]")


def _expect_python_ints(got, what):
    """The docstring promises a dict of lists of Python ints (a NumPy integer or array the student returns
    arrives here as an ndarray)."""
    for key in KEYS:
        value = got.get(key) if isinstance(got, dict) else None
        nested = key != "sentence_order_label"
        rows = value if nested and type(value) is list else [value]
        not_list = [row for row in rows if type(row) is not list]
        if not_list:
            raise AssertionError(f"{what}[{key!r}] must be a list{' of lists' if nested else ''} of Python ints, got "
                                 f"{type_name(not_list[0])}: build it with append on a list, or convert a "
                                 "NumPy array with .tolist()")
        bad = [x for row in rows for x in row if type(x) is not int]
        if bad:
            raise AssertionError(f"{what}[{key!r}] must contain Python ints, got {type_name(bad[0])} ({bad[0]!r}): "
                                 "use int(...) "
                                 "(coins[k] is a NumPy integer) or .tolist()")


@pytest.mark.points(0.75)
def test_pairs_order_and_labels(student, reference):
    docs = _documents(1)
    n = sum(len(d) // 2 for d in docs)
    coins = np.random.default_rng(11).integers(0, 2, size=n + 20)   # extra coins are ignored
    coins[:2] = [1, 0]
    _check(student, reference, docs, coins, f"sop_examples({len(docs)} documents, coins={coins[:n].tolist()} + unused extra coins)",
           keys=("input_ids", "sentence_order_label"))
    # all ones and all zeros: every pair swapped / none swapped
    for fill in (0, 1):
        c = np.full(n + 20, fill)
        _check(student, reference, docs, c, f"sop_examples({len(docs)} documents, all coins {fill})",
               keys=("input_ids", "sentence_order_label"))


@pytest.mark.points(0.75)
def test_special_tokens_and_token_types(student, reference):
    docs = _documents(2, n_docs=2)
    n = sum(len(d) // 2 for d in docs)
    coins = np.arange(n + 20) % 2
    _check(student, reference, docs, coins, "sop_examples(2 documents, alternating coins)")
    _check(student, reference, docs, coins, "sop_examples(2 documents, alternating coins, cls_id=101, sep_id=102)",
           cls_id=101, sep_id=102)


@pytest.mark.points(0.5)
def test_several_documents_odd_lengths(student, reference):
    docs = [[[10, 11, 12], [13], [14, 15]],      # odd: the last segment is dropped
            [[20]],                              # a single segment gives no example
            [[30, 31], [32, 33, 34], [35], [36, 37]],
            [[40], [41], [42], [43], [44]]]
    n = sum(len(d) // 2 for d in docs)
    coins = np.array([1, 0, 1, 1, 0, 1, 1, 0, 0, 1])
    assert n == 5
    _check(student, reference, docs, coins, "sop_examples(4 documents of 3, 1, 4 and 5 segments, coins [1, 0, 1, 1, 0, ...])")
    got = _call(student, docs, coins, 2, 3)
    labels = _as_ints(got["sentence_order_label"], "sentence_order_label") if isinstance(got, dict) else []
    expect_equal(len(labels), n, "the number of examples (one per non-overlapping pair of consecutive segments)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    docs = [[[10, 11], [12, 13, 14], [15]], [[20], [21, 22]]]
    coins = np.array([1, 0, 1])
    got = _call(student, docs, coins, 2, 3)
    expect_unchanged(student.last_call, "build each example as a new list ([cls_id] + a + [sep_id] + b + [sep_id]); "
                                        "insert, append, extend or pop on a segment or document changes the caller's "
                                        "lists")
    _check(student, reference, docs, coins, "sop_examples(2 small documents, coins [1, 0, 1])", got=got)


@pytest.mark.points(0.25)
def test_empty_inputs_defaults_and_exact_coins(student, reference):
    for docs, what in [([], "sop_examples([]) (no documents)"),
                       ([[[5, 6]], [], [[7]]], "sop_examples of documents with fewer than two segments (no example)")]:
        _check(student, reference, docs, np.array([1, 0]), what)
    docs = _documents(3, n_docs=3)
    n = sum(len(d) // 2 for d in docs)
    coins = np.random.default_rng(31).integers(0, 2, size=n)         # exactly one coin per example
    got = _call(student, docs, coins)
    what = "sop_examples(documents, coins) with the default cls_id=2, sep_id=3 and exactly one coin per example"
    _check(student, reference, docs, coins, what, got=got)
    _expect_python_ints(got, what)


@pytest.mark.points(0.25)
def test_random_documents(student, reference):
    rng = np.random.default_rng(32)
    for case in range(3):
        docs = _documents(int(rng.integers(1000)), n_docs=int(rng.integers(1, 6)))
        n = sum(len(d) // 2 for d in docs)
        coins = rng.integers(0, 2, size=n + int(rng.integers(0, 4)))
        cls_id, sep_id = int(rng.integers(0, 200)), int(rng.integers(0, 200))
        _check(student, reference, docs, coins, f"sop_examples({len(docs)} random documents, cls_id={cls_id}, "
                                                f"sep_id={sep_id}) (case {case})", cls_id, sep_id)
