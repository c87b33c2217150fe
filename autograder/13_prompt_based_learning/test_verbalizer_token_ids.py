"""Hidden tests of verbalizer_token_ids (mirrors PET's PVP._build_mlm_logits_to_cls_logits_tensor: a (K, W) tensor
of verbalizer ids in label order, padded with -1)."""
import numpy as np
import pytest

from coursekit.expect import expect_equal, expect_true, expect_unchanged

VOCAB = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "terrible", "bad", "okay", "good", "great", "world", "sports",
                                     "business", "tech", "wrong", "right", "maybe", "awful", "superb", "fine"])}


def _check(got, verbalizer, labels, reference, what):
    want = reference.verbalizer_token_ids(verbalizer, labels, VOCAB)
    got = np.asarray(got)
    width = want.shape[1]
    in_dict_order = [l for l in verbalizer]
    mistakes = [
        (np.where(want < 0, 0, want), "the rows are padded with 0, which is a real token id: pad with -1"),
        (reference.verbalizer_token_ids(verbalizer, in_dict_order, VOCAB),
         "the rows follow the order of the verbalizer dict: row k must hold the words of labels[k], in the order of labels"),
    ]
    if sorted(labels) != list(labels):
        mistakes.append((reference.verbalizer_token_ids(verbalizer, sorted(labels), VOCAB),
                         "the labels are sorted: row k must hold the words of labels[k], in the order of labels as "
                         "given (do not sort them)"))
    left = np.full_like(want, -1)
    for k in range(len(want)):
        ids = want[k][want[k] >= 0]
        left[k, width - len(ids):] = ids
    mistakes.append((left, "the rows are padded on the left: put the ids first and the -1 padding on the RIGHT "
                           "(row k = the ids of verbalizer[labels[k]], then -1s)"))
    deduped = {label: list(dict.fromkeys(words)) for label, words in verbalizer.items()}
    if deduped != verbalizer:
        mistakes.append((reference.verbalizer_token_ids(deduped, labels, VOCAB),
                         "a word listed twice for a label is kept once: row k holds the ids of verbalizer[labels[k]] "
                         "in order, repeats included"))
    if set(verbalizer) != set(labels):
        every = max(len(v) for v in verbalizer.values())
        if every > width:
            padded = np.pad(want, ((0, 0), (0, every - width)), constant_values=-1)
            mistakes.append((padded, f"the width counts the words of labels that are not in `labels`: W is the largest "
                                     f"number of words among the requested labels ({width}), not among all {len(verbalizer)} "
                                     "labels of the verbalizer"))
    for value, message in mistakes:
        if got.shape == value.shape and np.array_equal(got, value) and not np.array_equal(value, want):
            expect_true(False, f"{what}: {message}")
    expect_true(got.dtype.kind in "iu", f"{what} returned values of dtype {got.dtype}: return integer ids")
    if got.shape != want.shape:
        expect_true(False, f"{what} has shape {got.shape}, expected {want.shape} (one row per label, "
                           f"{width} = the largest number of words of a label)")
    expect_equal(got, want, what)


@pytest.mark.points(0.5)
def test_label_order_and_padding(student, reference):
    verbalizer = {"pos": ["good", "great", "superb"], "neg": ["bad"], "mid": ["okay", "fine"]}
    for labels in (["neg", "mid", "pos"], ["pos", "neg", "mid"], ["mid", "pos", "neg"]):
        got = student.verbalizer_token_ids(verbalizer, labels, VOCAB)
        _check(got, verbalizer, labels, reference, f"verbalizer_token_ids(verbalizer, {labels}, vocab)")


@pytest.mark.points(0.5)
def test_single_word_verbalizers(student, reference):
    yelp = {"5": ["great"], "4": ["good"], "3": ["okay"], "2": ["bad"], "1": ["terrible"]}
    labels = ["1", "2", "3", "4", "5"]
    _check(student.verbalizer_token_ids(yelp, labels, VOCAB), yelp, labels, reference,
           "verbalizer_token_ids for Yelp's five labels ['1', ..., '5']")
    mnli = {"entailment": ["right"], "contradiction": ["wrong", "awful"], "neutral": ["maybe"]}
    labels = ["contradiction", "entailment", "neutral"]
    _check(student.verbalizer_token_ids(mnli, labels, VOCAB), mnli, labels, reference,
           "verbalizer_token_ids for MNLI's labels (contradiction has two words)")


@pytest.mark.points(0.25)
def test_requested_labels_only_and_one_label(student, reference):
    verbalizer = {"pos": ["good", "great"], "neg": ["bad", "awful", "terrible", "wrong"], "mid": ["okay"]}
    for labels in (["mid", "pos"], ["pos"]):
        got = student.verbalizer_token_ids(verbalizer, labels, VOCAB)
        _check(got, verbalizer, labels, reference,
               f"verbalizer_token_ids(verbalizer with 3 labels, {labels}, vocab) (only the requested labels count)")
    repeated = {"pos": ["good", "great", "good"], "neg": ["bad", "bad"]}
    _check(student.verbalizer_token_ids(repeated, ["neg", "pos"], VOCAB), repeated, ["neg", "pos"], reference,
           f"verbalizer_token_ids({repeated}, ['neg', 'pos'], vocab) (a word listed twice: its id appears twice)")


@pytest.mark.points(0.25)
def test_int64_ids(student, reference):
    verbalizer = {"a": ["world"], "b": ["sports", "business"], "c": ["tech"]}
    got = student.verbalizer_token_ids(verbalizer, ["a", "b", "c"], VOCAB)
    _check(got, verbalizer, ["a", "b", "c"], reference, "verbalizer_token_ids for AG News-like labels")
    dtype = got.dtype if isinstance(got, np.ndarray) else type(got).__name__
    expect_true(isinstance(got, np.ndarray) and got.dtype == np.int64,
                f"verbalizer_token_ids returned {dtype}: the docstring promises an int64 array "
                "(np.full((K, W), -1, dtype=np.int64)), the dtype PyTorch indexes with")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    verbalizer = {"pos": ["good", "great", "superb"], "neg": ["bad"], "mid": ["okay", "fine"]}
    student.verbalizer_token_ids(verbalizer, ["neg", "mid", "pos"], VOCAB)
    expect_unchanged(student.last_call, "pad a new row (or an array filled with -1), never the verbalizer's own lists "
                                        "(words += [-1] * ... changes the caller's verbalizer)")


@pytest.mark.points(0.25)
def test_random_verbalizers(student, reference):
    rng = np.random.default_rng(1331)
    words = list(VOCAB)[2:]
    for _ in range(3):
        K = int(rng.integers(1, 6))
        names = [f"label{k}" for k in range(K + 1)]
        verbalizer = {n: [str(w) for w in rng.choice(words, size=int(rng.integers(1, 5)), replace=False)] for n in names}
        labels = [str(n) for n in rng.permutation(names)[:K]]
        got = student.verbalizer_token_ids(verbalizer, labels, VOCAB)
        _check(got, verbalizer, labels, reference, f"verbalizer_token_ids({verbalizer}, {labels}, vocab) (random draw)")
