"""Hidden tests of loss_scaled_fp16_grads: scaler.scale(loss).backward() in fp16, then scaler.unscale_()
(divide by the scale; found_inf when any inf or nan), plus the share of nonzero gradients lost to underflow.

loss_scaled_fp16_grads is graded on its own: its calls of fp16_round are answered by the reference
(student.with_reference); test_with_your_fp16_round checks the two together."""
import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_python_float,
    expect_true,
    expect_unchanged,
    type_name,
)

RTOL, ATOL = 1e-12, 0.0


def _fp16(x):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(x, dtype=np.float64).astype(np.float16).astype(np.float64)


def _check(student, reference, g, S, what, got=None, own=False):
    if got is None:
        got = (student if own else student.with_reference("fp16_round")).loss_scaled_fp16_grads(g, S)
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys "
                             "grads, found_inf, underflow_fraction")
    expect_equal(sorted(got), ["found_inf", "grads", "underflow_fraction"], f"the keys of {what}")
    want = reference.loss_scaled_fp16_grads(g, S)
    g16 = _fp16(np.asarray(g) * S)
    nonzero = np.asarray(g) != 0
    with np.errstate(invalid="ignore"):
        grads_mistakes = [(g16, "the gradients are still scaled: divide the fp16 gradients by the loss scale"),
                          (_fp16(g), "the loss scale is not applied before rounding to fp16: round S * g, then divide by S"),
                          (_fp16(_fp16(np.asarray(g) * S) / S),
                           "the unscaled gradients are rounded to fp16 again: unscale in higher precision "
                           "(divide the fp16 values by S and keep the result)"),
                          (g16 * np.float64(np.float32(1.0 / S)),
                           "the fp16 gradients are multiplied by the float32 inverse scale (as torch's unscale_ "
                           "does): the docstring asks for fp16_round(S * g) / S, divided in float64")]
    finite = np.all(np.isfinite(want["grads"]))
    if finite:
        expect_array(got["grads"], want["grads"], f"{what}['grads']", rtol=RTOL, atol=ATOL, mistakes=grads_mistakes)
    else:
        _check_non_finite(got["grads"], want["grads"], f"{what}['grads']")
    expect_equal(bool(got["found_inf"]), want["found_inf"], f"{what}['found_inf']")
    n = max(int(nonzero.sum()), 1)
    fraction = got["underflow_fraction"]
    if not nonzero.any():
        expect_true(not (isinstance(fraction, (float, np.floating, np.ndarray)) and np.size(fraction) == 1
                         and np.isnan(np.asarray(fraction, dtype=float)).all()),
                    f"{what}['underflow_fraction'] contains nan: when g has no nonzero entry, underflow_fraction is "
                    "0.0 (the fraction over no entries, 0 / 0 or np.mean of an empty selection, gives nan): return "
                    "0.0 in that case")
    counts_zeros = [(np.mean(g16 == 0), "the fraction counts the zero gradients too: divide by the number of "
                                        "NONZERO gradients")] if g16.size else []
    expect_array(fraction, want["underflow_fraction"], f"{what}['underflow_fraction']",
                 rtol=1e-12, atol=1e-15,
                 mistakes=counts_zeros + [
                     (np.sum(nonzero & (np.abs(np.asarray(g, dtype=float) * S) < 2.0 ** -24)) / n,
                      "the underflows are counted before rounding (|S * g| < 2**-24): values between 2**-25 and "
                      "2**-24 round UP to the smallest subnormal 2**-24 and survive; count the nonzero g whose "
                      "fp16_round(S * g) is 0"),
                     (float(np.sum((g16 == 0) & nonzero)),
                      "this is a count: return the fraction of the nonzero gradients"),
                     (np.sum((g16 == 0) & nonzero) / n * 100, "this is a percentage: return a fraction in [0, 1]"),
                     (np.sum((g16 == 0) & (np.asarray(g) > 0)) / max(int(np.sum(np.asarray(g) > 0)), 1),
                      "only the positive gradients are counted: the nonzero entries are g != 0, negative ones "
                      "included (np.abs or != 0, not > 0)")])
    return got, want


def _check_non_finite(got, want, what):
    """grads with inf or nan entries (an overflow): they must stay where they occur, the rest as usual."""
    array = np.asarray(got, dtype=float) if isinstance(got, (np.ndarray, list, tuple, float, int)) else None
    expect_true(array is not None and array.shape == want.shape,
                f"{what} must be a float64 array of shape {want.shape}, got {type(got).__name__} "
                f"{np.shape(got) if array is not None else ''}")
    bad = ~np.isfinite(want)
    with np.errstate(invalid="ignore"):
        kept = np.array_equal(np.isnan(array), np.isnan(want)) and np.array_equal(array[np.isinf(want)],
                                                                                  want[np.isinf(want)])
    if not kept and np.all(np.isfinite(array[bad])):
        raise Mismatch(f"{what}: the inf/nan entries were replaced by finite numbers (np.nan_to_num, np.clip or "
                       f"a where?): got {array[bad][:4]} where the expected values are {want[bad][:4]}; return "
                       "fp16_round(S * g) / S as it is, inf and nan included (found_inf tells the step to skip)")
    expect_true(kept, f"{what}: got {array[bad][:4]} where the expected values are {want[bad][:4]}: an entry of "
                      "fp16_round(S * g) that is inf or nan stays inf or nan after dividing by S")
    expect_array(array[~bad], want[~bad], f"{what} (its finite entries)", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.75)
def test_scaling_rescues_small_gradients(student, reference):
    rng = np.random.default_rng(71)
    g = np.sign(rng.normal(size=(30, 20))) * 2.0 ** rng.uniform(-34, -8, size=(30, 20))
    g[rng.random((30, 20)) < 0.3] = 0.0
    for S in (1.0, 8.0, 1024.0, 2.0 ** 16):
        _check(student, reference, g, S, f"loss_scaled_fp16_grads(g of shape (30, 20) with 30% zeros, loss_scale={S:g})")


@pytest.mark.points(0.5)
def test_found_inf_on_overflow_and_nan(student, reference):
    g = np.array([1e-3, -2e-4, 0.25, 0.0])
    _check(student, reference, g, 2.0 ** 16, "loss_scaled_fp16_grads([1e-3, -2e-4, 0.25, 0], 2**16) (no overflow)")
    _, want = _check(student, reference, g, 2.0 ** 18, "loss_scaled_fp16_grads([1e-3, -2e-4, 0.25, 0], 2**18) "
                     "(0.25 * 2**18 overflows)")
    assert want["found_inf"]
    gn = np.array([1e-3, np.nan, 0.0])
    got = student.with_reference("fp16_round").loss_scaled_fp16_grads(gn, 1.0)
    expect_equal(bool(got["found_inf"]) if isinstance(got, dict) else None, True,
                 "loss_scaled_fp16_grads([1e-3, nan, 0], 1)['found_inf']: a nan gradient must set found_inf "
                 "(check np.isfinite, not only np.isinf)")
    _check(student, reference, np.array([1.0, np.nan, 1e-3]), 2.0 ** 17,
           "loss_scaled_fp16_grads([1, nan, 1e-3], 2**17) (inf and nan stay in 'grads')")


@pytest.mark.points(0.25)
def test_no_nonzero_gradient_and_other_scales(student, reference):
    _check(student, reference, np.zeros(5), 1024.0, "loss_scaled_fp16_grads(np.zeros(5), 1024)")
    rng = np.random.default_rng(72)
    g = rng.normal(scale=1e-5, size=50)
    _check(student, reference, g, 3.0, "loss_scaled_fp16_grads(g of size 50, loss_scale=3)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    g = np.random.default_rng(73).normal(scale=1e-5, size=(4, 6))
    got = student.with_reference("fp16_round").loss_scaled_fp16_grads(g, 1024.0)
    expect_unchanged(student.last_call, "`grads *= loss_scale` scales the caller's gradients: write "
                                        "fp16_round(grads * loss_scale) (a new array)")
    _check(student, reference, g, 1024.0, "loss_scaled_fp16_grads(g of shape (4, 6), 1024)", got=got)
    expect_true(type(got["found_inf"]) is bool,
                f"loss_scaled_fp16_grads(g of shape (4, 6), 1024)['found_inf'] must be a Python bool, got "
                f"{type_name(got['found_inf'])} ({got['found_inf']!r}): np.any and np.isinf(...).any() give a "
                "numpy.bool_: use bool(...)")
    expect_python_float(got["underflow_fraction"], "loss_scaled_fp16_grads(g of shape (4, 6), 1024)"
                        "['underflow_fraction']", "a NumPy count divided by another is a numpy.float64: float(...)")


@pytest.mark.points(0.25)
def test_empty_and_any_shape(student, reference):
    got, _ = _check(student, reference, np.zeros((0, 4)), 8.0, "loss_scaled_fp16_grads(an empty (0, 4) array, 8)")
    expect_true(np.shape(got["grads"]) == (0, 4), f"loss_scaled_fp16_grads of an empty (0, 4) array returned grads "
                                                  f"of shape {np.shape(got['grads'])}, expected (0, 4)")
    g = np.random.default_rng(74).normal(scale=1e-6, size=(2, 3, 5))
    got, _ = _check(student, reference, g, 2.0 ** 12, "loss_scaled_fp16_grads(g of shape (2, 3, 5), 2**12)")
    expect_dtype(np.asarray(got["grads"]), np.float64, "loss_scaled_fp16_grads(g of shape (2, 3, 5), 2**12)['grads']")
    g32 = g.astype(np.float32)
    got, _ = _check(student, reference, g32, 2.0 ** 12, "loss_scaled_fp16_grads(float32 g of shape (2, 3, 5), 2**12)")
    expect_dtype(np.asarray(got["grads"]), np.float64, "loss_scaled_fp16_grads(float32 g of shape (2, 3, 5), 2**12)"
                 "['grads']", "whatever the dtype of grads: np.empty_like(grads) and grads.dtype keep float32")


@pytest.mark.points(0.25)
def test_random_gradients_and_scales(student, reference):
    rng = np.random.default_rng(75)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 8, size=int(rng.integers(1, 3))))
        g = np.sign(rng.normal(size=shape)) * 2.0 ** rng.uniform(-36, 2, size=shape)
        g[rng.random(shape) < 0.2] = 0.0
        S = float(2.0 ** rng.integers(0, 24)) if case % 2 else float(rng.uniform(1.0, 5e4))
        _check(student, reference, g, S, f"loss_scaled_fp16_grads(random g of shape {shape}, loss_scale={S:g}) "
                                         f"(case {case})")


@pytest.mark.points(0.25)
def test_with_your_fp16_round(student, reference):
    rng = np.random.default_rng(76)
    g = np.sign(rng.normal(size=40)) * 2.0 ** rng.uniform(-30, -6, size=40)
    _check(student, reference, g, 2.0 ** 14, "loss_scaled_fp16_grads(g of size 40, 2**14) computed with YOUR "
                                             "fp16_round", own=True)
