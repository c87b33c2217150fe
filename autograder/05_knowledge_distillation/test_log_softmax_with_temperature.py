"""Hidden tests of log_softmax_with_temperature (mirrors torch.log_softmax(logits / T, dim=-1))."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

SOFTMAX = "softmax_with_temperature"   # answered by the reference if called

RTOL, ATOL = 1e-9, 1e-10


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    z = np.random.default_rng(20).normal(scale=4.0, size=(5, 8))
    for T in (1.0, 2.0, 4.0):
        expect_array(student.with_reference(SOFTMAX).log_softmax_with_temperature(z, T), reference.log_softmax_with_temperature(z, T),
                     f"log_softmax_with_temperature(logits of shape (5, 8), T={T})", rtol=RTOL, atol=ATOL,
                     mistakes=[(reference.log_softmax_with_temperature(z, 1.0),
                                "the temperature is ignored: divide the logits by T first"),
                               (reference.log_softmax_with_temperature(z, 1.0) / T,
                                "the log-softmax of the raw logits is divided by T: take the log-softmax OF z / T "
                                "(divide the logits by T first, then subtract their logsumexp)")])


@pytest.mark.points(0.5)
def test_finite_for_huge_logits(student, reference):
    z = np.array([[1e4, 0.0, -1e4], [0.0, 2e4, 1.0]])
    with np.errstate(divide="ignore", invalid="ignore"):
        shifted = z / 2.0 - (z / 2.0).max()
        global_max = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    expect_array(student.with_reference(SOFTMAX).log_softmax_with_temperature(z, 2.0), reference.log_softmax_with_temperature(z, 2.0),
                 "log_softmax_with_temperature([[1e4, 0, -1e4], [0, 2e4, 1]], T=2)", rtol=RTOL, atol=ATOL,
                 mistakes=[(global_max, "the maximum of the whole array was subtracted, so a row far below the largest "
                            "logit underflows to exp(...) = 0: subtract each row's own maximum, "
                            "z.max(axis=-1, keepdims=True)")])


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    z = np.random.default_rng(21).normal(size=(4, 5))
    got = student.with_reference(SOFTMAX).log_softmax_with_temperature(z, 3.0)
    expect_unchanged(student.last_call, "`logits /= T` or `logits -= logits.max(...)` change the caller's array: "
                                        "write z = logits / T and z = z - z.max(axis=-1, keepdims=True)")
    expect_array(got, reference.log_softmax_with_temperature(z, 3.0), "log_softmax_with_temperature(logits of shape "
                 "(4, 5), T=3)", rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.log_softmax_with_temperature(z, 1.0) / 3.0,
                            "the log-softmax of the raw logits is divided by T: take the log-softmax OF z / T")])


@pytest.mark.points(0.25)
def test_any_leading_shape_default_and_float32(student, reference):
    rng = np.random.default_rng(22)
    proxy = student.with_reference(SOFTMAX)
    for shape, T in [((7,), 1.5), ((2, 3, 6), 0.5), ((0, 4), 2.0)]:
        z = rng.normal(scale=3.0, size=shape)
        what = f"log_softmax_with_temperature(logits of shape {shape}, T={T})"
        try:
            got = proxy.log_softmax_with_temperature(z, T)
        except StudentCodeError as exc:
            if exc.kind != "error":
                raise
            raise AssertionError(f"{what}: {exc}: logits may have any number of leading axes (..., C): normalise "
                                 "over the last axis (axis=-1, keepdims=True) whatever the number of axes") from None
        expect_true(np.shape(got) == shape, f"{what} has shape {np.shape(got)}, expected {shape}: normalise over "
                                            "the last axis (axis=-1, keepdims=True) whatever the number of axes")
        expect_array(got, reference.log_softmax_with_temperature(z, T), what, rtol=RTOL, atol=ATOL)
    z = rng.normal(size=(3, 4))
    expect_array(proxy.log_softmax_with_temperature(z), reference.log_softmax_with_temperature(z),
                 "log_softmax_with_temperature(logits) with the default T=1", rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.log_softmax_with_temperature(z, T), f"these are the values for T={T:g}: the "
                            "docstring's default is T=1.0") for T in (2.0, 0.5, 3.0, 4.0)])
    got = proxy.log_softmax_with_temperature(z.astype(np.float32), 2.0)
    expect_dtype(np.asarray(got), np.float64, "log_softmax_with_temperature of float32 logits",
                 "np.asarray(logits, dtype=np.float64)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(23)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4)))) + (int(rng.integers(1, 30)),)
        T = float(rng.uniform(0.1, 10.0))
        z = rng.normal(scale=float(10 ** rng.uniform(-1, 3.5)), size=shape)
        expect_array(student.with_reference(SOFTMAX).log_softmax_with_temperature(z, T),
                     reference.log_softmax_with_temperature(z, T),
                     f"log_softmax_with_temperature(random logits of shape {shape}, T={T:.3g}) (case {case})",
                     rtol=1e-8, atol=1e-8)
