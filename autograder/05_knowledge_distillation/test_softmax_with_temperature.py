"""Hidden tests of softmax_with_temperature (mirrors torch.softmax(logits / T, dim=-1))."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-9, 1e-12


def _logits(seed, shape, scale=3.0):
    return np.random.default_rng(seed).normal(scale=scale, size=shape)


@pytest.mark.points(0.5)
def test_matches_reference_2d(student, reference):
    z = _logits(10, (6, 9))
    for T in (1.0, 2.0, 0.5):
        want = reference.softmax_with_temperature(z, T)
        got = student.softmax_with_temperature(z, T)
        expect_array(got, want, f"softmax_with_temperature(logits of shape (6, 9), T={T})", rtol=RTOL, atol=ATOL,
                     mistakes=[(reference.softmax_with_temperature(z, 1.0),
                                "the temperature is ignored: divide the logits by T before the softmax"),
                               (reference.softmax_with_temperature(z * T, 1.0),
                                "the logits are multiplied by T: divide them by T instead")])


@pytest.mark.points(0.25)
def test_normalises_over_the_last_axis(student, reference):
    z = _logits(11, (5, 5))  # square, so that the wrong axis keeps the shape
    got = student.softmax_with_temperature(z, 2.0)
    want = reference.softmax_with_temperature(z, 2.0)
    expect_array(got, want, "softmax_with_temperature(logits of shape (5, 5), T=2)", rtol=RTOL, atol=ATOL,
                 mistakes=[(np.swapaxes(reference.softmax_with_temperature(z.T, 2.0), 0, 1),
                            "the columns sum to 1, not the rows: normalise over the last axis (axis=-1)")])


@pytest.mark.points(0.25)
def test_batched_3d_and_1d(student, reference):
    z3 = _logits(12, (2, 3, 7))
    expect_array(student.softmax_with_temperature(z3, 3.0), reference.softmax_with_temperature(z3, 3.0),
                 "softmax_with_temperature(logits of shape (2, 3, 7), T=3)", rtol=RTOL, atol=ATOL)
    z1 = _logits(13, (4,))
    expect_array(student.softmax_with_temperature(z1, 1.5), reference.softmax_with_temperature(z1, 1.5),
                 "softmax_with_temperature(logits of shape (4,), T=1.5)", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_stable_for_huge_logits(student, reference):
    z = np.array([[1e4, 0.0, -1e4], [5e3, 5e3, 0.0]])
    got = student.softmax_with_temperature(z, 1.0)
    if got is not None and np.shape(got) == z.shape and np.isnan(np.asarray(got, dtype=float)[1]).any() \
            and not np.isnan(np.asarray(got, dtype=float)[0]).any():
        raise AssertionError("softmax_with_temperature([[1e4, 0, -1e4], [5e3, 5e3, 0]], T=1): the second row is nan: "
                             "subtract each row's own maximum (z.max(axis=-1, keepdims=True)), not the maximum of the "
                             "whole array (every exp of the second row underflows to 0, and 0 / 0 = nan)")
    expect_array(got, reference.softmax_with_temperature(z, 1.0),
                 "softmax_with_temperature([[1e4, 0, -1e4], [5e3, 5e3, 0]], T=1)", rtol=RTOL, atol=ATOL)
    expect_true(np.all(np.asarray(got) >= 0), "probabilities must be non-negative")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    z = _logits(14, (3, 6))
    got = student.softmax_with_temperature(z, 2.0)
    expect_unchanged(student.last_call, "`logits /= T` or `logits -= logits.max(...)` change the caller's array: "
                                        "write z = logits / T and z = z - z.max(axis=-1, keepdims=True)")
    expect_array(got, reference.softmax_with_temperature(z, 2.0), "softmax_with_temperature(logits of shape (3, 6), "
                 "T=2)", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_default_temperature_float32_and_empty_batch(student, reference):
    z = _logits(15, (4, 5))
    expect_array(student.softmax_with_temperature(z), reference.softmax_with_temperature(z),
                 "softmax_with_temperature(logits) with the default T=1", rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.softmax_with_temperature(z, T), f"these are the values for T={T:g}: the "
                            "docstring's default is T=1.0") for T in (2.0, 0.5, 3.0, 4.0)])
    got = student.softmax_with_temperature(z.astype(np.float32), 0.5)
    expect_dtype(np.asarray(got), np.float64, "softmax_with_temperature of float32 logits",
                 "np.asarray(logits, dtype=np.float64)")
    expect_array(got, reference.softmax_with_temperature(z.astype(np.float32), 0.5),
                 "softmax_with_temperature(float32 logits, T=0.5)", rtol=RTOL, atol=ATOL)
    got = student.softmax_with_temperature(np.zeros((0, 4)), 2.0)
    expect_true(np.shape(got) == (0, 4), f"softmax_with_temperature of an empty batch (shape (0, 4)) has shape "
                                         f"{np.shape(got)}, expected (0, 4): take the maximum per row (axis=-1), "
                                         "not over the whole array")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(16)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4)))) + (int(rng.integers(1, 30)),)
        T = float(rng.uniform(0.1, 10.0))
        z = rng.normal(scale=float(10 ** rng.uniform(-1, 3)), size=shape)
        expect_array(student.softmax_with_temperature(z, T), reference.softmax_with_temperature(z, T),
                     f"softmax_with_temperature(random logits of shape {shape}, T={T:.3g}) (case {case})",
                     rtol=1e-8, atol=1e-12)
