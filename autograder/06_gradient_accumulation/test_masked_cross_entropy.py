"""Hidden tests of masked_cross_entropy: F.cross_entropy(..., ignore_index=-100, reduction="sum"), its gradient
with respect to the logits (checked against torch.autograd), and labels.ne(-100).sum()."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_python_float,
    expect_python_int,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _case(seed, shape, C, scale=2.0, ignore_frac=0.3):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=scale, size=shape + (C,))
    labels = rng.integers(0, C, size=shape)
    labels[rng.random(shape) < ignore_frac] = -100
    labels.reshape(-1)[0] = 1                      # at least one item
    return logits, labels


def _result(student, logits, labels, what, **kw):
    out = student.masked_cross_entropy(logits, labels, **kw)
    if not isinstance(out, dict):
        raise AssertionError(f"{what} returned a {type(out).__name__}; return a dict with the keys "
                             "loss_sum, num_items, dlogits")
    expect_equal(sorted(out), ["dlogits", "loss_sum", "num_items"], f"the keys of {what}")
    return out


def _mistakes(logits, labels, reference, ignore_index=-100):
    want = reference.masked_cross_entropy(logits, labels, ignore_index)
    valid = np.asarray(labels) != ignore_index
    z = logits - logits.max(-1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(-1, keepdims=True)
    onehot = np.zeros_like(p)
    np.put_along_axis(onehot, np.where(valid, labels, 0)[..., None], 1.0, axis=-1)
    return want, {
        "loss_sum": [(want["loss_sum"] / max(want["num_items"], 1),
                      "this is the mean: return the SUM of the losses over the valid positions (reduction='sum')")],
        "dlogits": [(p - onehot, "ignored positions (label -100) must get zero gradient: multiply by the mask"),
                    (-want["dlogits"], "the gradient has the wrong sign: d loss / d logits = softmax(logits) - onehot(label)"),
                    (want["dlogits"] / max(want["num_items"], 1),
                     "dlogits is divided by the number of items: it is the gradient of loss_sum, the SUM")],
        "num_items": [(valid.size, "num_items counts every position: count only labels that are not -100")],
    }


@pytest.mark.points(1)
def test_loss_and_gradient_match_torch(student, reference):
    for seed, shape, C in [(1, (6,), 4), (2, (3, 5), 7), (3, (2, 3, 4), 3)]:
        logits, labels = _case(seed, shape, C, ignore_frac=0.0 if seed == 1 else 0.3)
        what = f"masked_cross_entropy(logits of shape {logits.shape}, labels of shape {labels.shape})"
        out = _result(student, logits, labels, what)
        want, mistakes = _mistakes(logits, labels, reference)
        expect_array(out["loss_sum"], want["loss_sum"], f"{what}['loss_sum']", rtol=RTOL, atol=ATOL,
                     mistakes=mistakes["loss_sum"])
        expect_array(out["dlogits"], want["dlogits"], f"{what}['dlogits']", rtol=RTOL, atol=ATOL,
                     mistakes=mistakes["dlogits"])


@pytest.mark.points(0.75)
def test_ignored_positions_and_count(student, reference):
    logits, labels = _case(4, (4, 6), 5, ignore_frac=0.5)
    what = "masked_cross_entropy(logits (4, 6, 5), labels with about half -100)"
    out = _result(student, logits, labels, what)
    want, mistakes = _mistakes(logits, labels, reference)
    expect_array(out["num_items"], want["num_items"], f"{what}['num_items']", rtol=0, atol=0,
                 mistakes=mistakes["num_items"])
    expect_array(out["dlogits"], want["dlogits"], f"{what}['dlogits']", rtol=RTOL, atol=ATOL,
                 mistakes=mistakes["dlogits"])
    expect_array(out["loss_sum"], want["loss_sum"], f"{what}['loss_sum']", rtol=RTOL, atol=ATOL,
                 mistakes=mistakes["loss_sum"])
    # another ignore_index
    labels2 = np.where(labels == -100, 0, labels + 1)          # classes 1..5 of 6, 0 = ignore
    logits2 = np.concatenate([logits, np.zeros(logits.shape[:-1] + (1,))], axis=-1)
    what2 = "masked_cross_entropy(logits (4, 6, 6), labels, ignore_index=0)"
    out2 = _result(student, logits2, labels2, what2, ignore_index=0)
    want2 = reference.masked_cross_entropy(logits2, labels2, 0)
    hardcoded = reference.masked_cross_entropy(logits2, labels2, -100)   # == labels >= 0 here: nothing ignored
    ignored = ("the positions whose label equals the ignore_index argument (here 0) are the ignored ones: "
               "compare the labels with ignore_index, not with -100 (nor test labels >= 0)")
    expect_array(out2["num_items"], want2["num_items"], f"{what2}['num_items']", rtol=0, atol=0,
                 mistakes=[(hardcoded["num_items"], ignored)])
    expect_array(out2["loss_sum"], want2["loss_sum"], f"{what2}['loss_sum']", rtol=RTOL, atol=ATOL,
                 mistakes=[(hardcoded["loss_sum"], ignored)])
    # an ignore_index past the classes (C itself): the ignored labels are not valid indices
    labels3 = np.where(labels == -100, 5, labels)
    what3 = "masked_cross_entropy(logits (4, 6, 5), labels, ignore_index=5) (an ignore_index >= C)"
    try:
        out3 = _result(student, logits, labels3, what3, ignore_index=5)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise Mismatch(f"{what3}: your code failed ({exc}): the ignored labels may be any int, here 5 with C = 5; "
                       "index with np.where(valid, labels, 0), not np.maximum(labels, 0) or labels.clip(0)") from None
    want3 = reference.masked_cross_entropy(logits, labels3, 5)
    expect_array(out3["loss_sum"], want3["loss_sum"], f"{what3}['loss_sum']", rtol=RTOL, atol=ATOL)
    expect_array(out3["dlogits"], want3["dlogits"], f"{what3}['dlogits']", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_stable_for_large_logits(student, reference):
    logits, labels = _case(5, (3, 4), 6, scale=3e3)
    what = "masked_cross_entropy(logits of size ~3e3, shape (3, 4, 6))"
    out = _result(student, logits, labels, what)
    want, mistakes = _mistakes(logits, labels, reference)
    expect_array(out["loss_sum"], want["loss_sum"], f"{what}['loss_sum']", rtol=1e-10, atol=1e-8,
                 mistakes=mistakes["loss_sum"])
    expect_array(out["dlogits"], want["dlogits"], f"{what}['dlogits']", rtol=1e-10, atol=1e-12,
                 mistakes=mistakes["dlogits"])


def _check_all(out, logits, labels, reference, what, **kw):
    want = reference.masked_cross_entropy(logits, labels, **kw)
    _, mistakes = _mistakes(logits, labels, reference, kw.get("ignore_index", -100))
    n = out["num_items"]
    kind = np.asarray(n).dtype.kind if isinstance(n, (int, float, np.ndarray)) else "?"
    expect_true(kind in "iu" and np.ndim(n) == 0 and not isinstance(n, bool),
                f"{what}['num_items'] is {n!r} of type {type(n).__name__}: it is a count, a Python int "
                "(int(valid.sum()))")
    expect_python_int(n, f"{what}['num_items']", "valid.sum() is a NumPy integer: int(valid.sum())")
    expect_array(n, want["num_items"], f"{what}['num_items']", rtol=0, atol=0, mistakes=mistakes["num_items"])
    expect_python_float(out["loss_sum"], f"{what}['loss_sum']", "NumPy's .sum() returns a numpy.float64: "
                        "float(...)")
    expect_dtype(np.asarray(out["dlogits"]), np.float64, f"{what}['dlogits']",
                 "np.zeros_like(logits) and logits - ... keep the logits' dtype")
    expect_array(out["loss_sum"], want["loss_sum"], f"{what}['loss_sum']", rtol=RTOL, atol=ATOL,
                 mistakes=mistakes["loss_sum"])
    expect_array(out["dlogits"], want["dlogits"], f"{what}['dlogits']", rtol=RTOL, atol=ATOL,
                 mistakes=mistakes["dlogits"])


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    logits, labels = _case(6, (3, 4), 5)
    what = "masked_cross_entropy(logits (3, 4, 5), labels with -100)"
    out = _result(student, logits, labels, what)
    expect_unchanged(student.last_call, "`logits -= logits.max(...)` or `labels[labels == -100] = 0` change the "
                                        "caller's arrays: compute new ones (z = logits - ..., "
                                        "np.where(valid, labels, 0))")
    _check_all(out, logits, labels, reference, what)


@pytest.mark.points(0.25)
def test_all_ignored_empty_and_float32(student, reference):
    logits, labels = _case(7, (2, 3), 4)
    labels[:] = -100
    what = "masked_cross_entropy where every label is -100"
    out = _result(student, logits, labels, what)
    _check_all(out, logits, labels, reference, what + " (loss_sum 0, num_items 0, dlogits all 0, as torch's sum)")
    logits, labels = np.zeros((0, 5)), np.zeros(0, dtype=np.int64)
    what = "masked_cross_entropy of an empty batch (logits (0, 5), labels (0,))"
    _check_all(_result(student, logits, labels, what), logits, labels, reference, what)
    logits, labels = _case(10, (), 5)                     # no leading axis: one position
    labels = np.asarray(labels).reshape(())
    what = "masked_cross_entropy(logits of shape (5,), a 0-d label) (a single position, no leading axis)"
    out = _result(student, logits, labels, what)
    want = reference.masked_cross_entropy(logits, labels)
    expect_array(out["dlogits"], want["dlogits"], f"{what}['dlogits']", rtol=RTOL, atol=ATOL,
                 mistakes=[(want["dlogits"][None], "dlogits has the shape of logits, here (5,): do not add an "
                            "axis (np.atleast_2d, reshape(-1, C) without reshaping back)")])
    _check_all(out, logits, labels, reference, what)
    logits, labels = _case(8, (4,), 6)
    what = "masked_cross_entropy(float32 logits of shape (4, 6))"
    _check_all(_result(student, logits.astype(np.float32), labels, what), logits.astype(np.float32), labels,
               reference, what)
    labels = np.full_like(labels, -100)
    what = "masked_cross_entropy(float32 logits of shape (4, 6), every label -100)"
    _check_all(_result(student, logits.astype(np.float32), labels, what), logits.astype(np.float32), labels,
               reference, what)


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(9)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        C = int(rng.integers(2, 30))
        logits, labels = _case(int(rng.integers(1000)), shape, C, scale=float(10 ** rng.uniform(-1, 3)),
                               ignore_frac=float(rng.uniform(0, 0.7)))
        what = f"masked_cross_entropy(random logits of shape {logits.shape}) (case {case})"
        _check_all(_result(student, logits, labels, what), logits, labels, reference, what)
