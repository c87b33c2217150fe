"""Hidden tests of large_batch_gradient: loss = F.cross_entropy(model(x), y, ignore_index=-100) (mean over
items); loss.backward(). The reference agrees with torch.autograd to 1e-16.

large_batch_gradient is graded on its own: its calls of masked_cross_entropy are answered by the reference
(student.with_reference); test_with_your_masked_cross_entropy checks the two together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

HELPERS = ("masked_cross_entropy",)

RTOL, ATOL = 1e-10, 1e-13
KEYS = ("W1", "b1", "W2", "b2")


def _params(seed, D, H, C):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(scale=0.7, size=(D, H)), "b1": rng.normal(scale=0.1, size=H),
            "W2": rng.normal(scale=0.7, size=(H, C)), "b2": rng.normal(scale=0.1, size=C)}


def _check(student, reference, params, x, y, what, got=None, own=False):
    if got is None:
        got = (student if own else student.with_reference(*HELPERS)).large_batch_gradient(params, x, y)
    if not isinstance(got, dict) or "grads" not in got or "loss" not in got:
        raise AssertionError(f"{what} must return a dict {{'loss': float, 'grads': dict}}")
    want = reference.large_batch_gradient(params, x, y)
    logits, cache = reference.mlp_forward(params, x)
    ce = reference.masked_cross_entropy(logits, y)
    n_all = np.asarray(y).size
    summed = reference.mlp_backward(params, cache, ce["dlogits"])
    expect_array(got["loss"], want["loss"], f"{what}['loss']", rtol=RTOL, atol=ATOL,
                 mistakes=[(ce["loss_sum"], "the loss is summed: take the mean over the valid items"),
                           (ce["loss_sum"] / n_all,
                            "the mean counts the ignored positions: divide by the number of labels that are not -100")])
    for k in KEYS:
        expect_array(got["grads"][k], want["grads"][k], f"{what}['grads'][{k!r}]", rtol=RTOL, atol=ATOL,
                     mistakes=[(summed[k], "this is the gradient of the summed loss: divide dlogits by the number "
                                           "of valid items"),
                               (summed[k] / n_all, "the gradient is divided by all positions: divide by the number "
                                                   "of labels that are not -100")])


@pytest.mark.points(0.75)
def test_one_label_per_example(student, reference):
    rng = np.random.default_rng(10)
    for B, D, H, C in [(8, 3, 5, 4), (1, 2, 3, 2), (13, 6, 4, 5)]:
        params = _params(B, D, H, C)
        x, y = rng.normal(size=(B, D)), rng.integers(0, C, size=B)
        _check(student, reference, params, x, y, f"large_batch_gradient(x of shape {x.shape}, {B} labels)")


@pytest.mark.points(0.5)
def test_token_labels_with_padding(student, reference):
    rng = np.random.default_rng(11)
    params = _params(3, 4, 6, 5)
    x, y = rng.normal(size=(5, 7, 4)), rng.integers(0, 5, size=(5, 7))
    y[rng.random((5, 7)) < 0.4] = -100
    y[0, 0] = 2
    _check(student, reference, params, x, y, "large_batch_gradient(x of shape (5, 7, 4), labels with -100 padding)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(12)
    params = _params(4, 3, 4, 3)
    x, y = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    got = student.with_reference(*HELPERS).large_batch_gradient(params, x, y)
    expect_unchanged(student.last_call, "leave params, x and labels as they are: compute the gradients into a new dict")
    _check(student, reference, params, x, y, "large_batch_gradient(x of shape (5, 3))", got=got)
    expect_python_float(got["loss"], "large_batch_gradient(x of shape (5, 3))['loss']",
                        "a count like (labels != -100).sum() is a NumPy integer, and dividing by it gives a "
                        "numpy.float64: float(...)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(13)
    for case in range(3):
        D, H, C, B = (int(n) for n in rng.integers(1, 8, size=4))
        params = _params(int(rng.integers(1000)), D, H, C + 1)
        shape = (B,) if case % 2 == 0 else (B, int(rng.integers(1, 6)))
        x, y = rng.normal(size=shape + (D,)), rng.integers(0, C + 1, size=shape)
        y[rng.random(shape) < 0.3] = -100
        y.reshape(-1)[0] = 0
        _check(student, reference, params, x, y, f"large_batch_gradient(random x of shape {x.shape}) (case {case})")


@pytest.mark.points(0.25)
def test_with_your_masked_cross_entropy(student, reference):
    rng = np.random.default_rng(14)
    params = _params(5, 3, 4, 4)
    x, y = rng.normal(size=(4, 3, 3)), rng.integers(0, 4, size=(4, 3))
    y[0, 1:] = -100
    _check(student, reference, params, x, y, "large_batch_gradient(x of shape (4, 3, 3)) computed with YOUR "
                                             "masked_cross_entropy", own=True)
