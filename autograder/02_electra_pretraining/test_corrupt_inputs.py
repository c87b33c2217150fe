"""Hidden tests of corrupt_inputs (mirrors _get_fake_data in ELECTRA's run_pretraining.py)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_dtype, expect_equal, expect_new, expect_true, expect_unchanged


def _data(seed, B, S, V, p_same=0.3):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, V, size=(B, S))
    masked = (rng.random((B, S)) < 0.3).astype(np.int64)
    samples = rng.integers(0, V, size=(B, S))
    same = (rng.random((B, S)) < p_same)
    samples[same] = ids[same]                      # the generator sometimes samples the original
    return ids, masked, samples


INT_INDEX = ("the 0/1 integer masked_positions was used as an index (ids[masked] = samples[masked]), which picks "
             "ROWS 0 and 1, not positions: select with masked_positions == 1 (or .astype(bool)), e.g. "
             "np.where(masked_positions == 1, sampled_ids, input_ids)")


def _call(student, ids, masked, samples):
    try:
        return student.corrupt_inputs(ids, masked, samples)
    except StudentCodeError as exc:
        if exc.kind == "error" and "IndexError" in str(exc) and np.asarray(masked).dtype != bool:
            raise AssertionError(f"{exc}: with an integer mask, {INT_INDEX}") from None
        raise


def _check(student, reference, ids, masked, samples, what, got=None):
    got = _call(student, ids, masked, samples) if got is None else got
    want_c, want_l = reference.corrupt_inputs(ids, masked, samples)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError(f"{what} must return a tuple (corrupted_ids, labels), got {type(got).__name__}")
    got_c, got_l = np.asarray(got[0]), np.asarray(got[1])
    m = np.asarray(masked).astype(bool)
    if got_c.shape == want_c.shape and np.array_equal(got_c, samples) and not np.array_equal(samples, want_c):
        _fail(f"{what}: every position took the generator's sample: replace only the masked positions")
    mm = np.asarray(masked)
    if mm.dtype != bool and mm.ndim == 2 and mm.shape[0] >= 2:
        fancy = np.asarray(ids, dtype=np.int64).copy()
        fancy[mm] = np.asarray(samples, dtype=np.int64)[mm]
        if got_c.shape == fancy.shape and np.array_equal(got_c, fancy) and not np.array_equal(fancy, want_c):
            _fail(f"corrupted_ids of {what}: {INT_INDEX}")
    expect_equal(got_c, want_c, f"corrupted_ids of {what}")
    if got_l.shape == want_l.shape and not np.array_equal(got_l, want_l):
        if np.array_equal(got_l, m.astype(int)):
            _fail(f"{what}: every masked position is labelled replaced, but a sample equal to the original token "
                  "counts as original (label 0): label = corrupted != original")
        if np.array_equal(got_l, 1 - want_l):
            _fail(f"{what}: the labels are inverted: 1 means replaced, 0 original (ElectraForPreTraining's convention)")
        if np.array_equal(got_l, (np.asarray(samples) != np.asarray(ids)).astype(int)):
            _fail(f"{what}: labels compare the samples with the originals everywhere, unmasked positions included: "
                  "compare the corrupted input with the original")
    expect_equal(got_l, want_l, f"labels of {what}")


def _fail(message):
    raise AssertionError(message)


@pytest.mark.points(1)
def test_matches_reference(student, reference):
    for seed, (B, S, V) in [(20, (4, 16, 30)), (21, (1, 40, 5)), (22, (6, 9, 1000))]:
        ids, masked, samples = _data(seed, B, S, V)
        _check(student, reference, ids, masked, samples, f"corrupt_inputs on a ({B}, {S}) batch, vocabulary {V}")


@pytest.mark.points(1)
def test_sampled_original_counts_as_original(student, reference):
    ids, masked, samples = _data(23, 3, 12, 8, p_same=0.6)
    masked = masked.astype(bool)                      # bool masks work too
    _check(student, reference, ids, masked, samples,
           "corrupt_inputs where the generator often samples the original token")
    ids, masked, _ = _data(24, 2, 10, 50)
    _check(student, reference, ids, masked, ids.copy(),
           "corrupt_inputs where every sample equals the original (all labels 0)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    ids, masked, samples = _data(25, 3, 10, 20)
    got = student.corrupt_inputs(ids, masked, samples)
    expect_unchanged(student.last_call, "`input_ids[masked] = ...` writes into the caller's array: build the "
                                        "corrupted ids with np.where(masked, sampled_ids, input_ids)")
    _check(student, reference, ids, masked, samples, "corrupt_inputs on a (3, 10) batch", got)
    student.corrupt_inputs(ids, np.zeros_like(masked), samples)
    expect_new(student.last_call, "with no position masked too, return new arrays (np.where(masked, sampled_ids, "
                                  "input_ids) makes one); np.asarray of int64 input_ids is input_ids itself")


@pytest.mark.points(0.25)
def test_returns_int64_arrays(student, reference):
    ids, masked, samples = _data(26, 2, 12, 9, p_same=0.5)
    ids, samples = ids.astype(np.int32), samples.astype(np.int32)
    got = student.corrupt_inputs(ids, masked.astype(bool), samples)
    _check(student, reference, ids, masked.astype(bool), samples, "corrupt_inputs with int32 ids and a bool mask", got)
    for name, value in zip(("corrupted_ids", "labels"), got):
        expect_dtype(np.asarray(value), np.int64, f"{name} of corrupt_inputs",
                     "a comparison gives bool: convert the labels with .astype(np.int64); "
                     "int32 ids must come back as int64 too")


@pytest.mark.points(0.25)
def test_random_batches_and_empty_batch(student, reference):
    rng = np.random.default_rng(27)
    for case in range(3):
        B, S, V = int(rng.integers(1, 8)), int(rng.integers(1, 30)), int(rng.integers(2, 60))
        ids, masked, samples = _data(int(rng.integers(1000)), B, S, V, p_same=float(rng.uniform(0, 0.8)))
        _check(student, reference, ids, masked, samples, f"corrupt_inputs on a random ({B}, {S}) batch, vocabulary "
                                                         f"{V} (case {case})")
    empty = np.zeros((0, 7), dtype=np.int64)
    got = student.corrupt_inputs(empty, empty, empty)
    expect_true(isinstance(got, (tuple, list)) and len(got) == 2,
                "corrupt_inputs on an empty batch must return a tuple (corrupted_ids, labels)")
    for name, value in zip(("corrupted_ids", "labels"), got):
        expect_equal(np.asarray(value).shape, (0, 7), f"the shape of {name} of corrupt_inputs on an empty (0, 7) batch")
