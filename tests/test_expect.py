"""The checks hidden tests use say what is wrong in words a student can act on."""
import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_float64_accuracy,
    expect_float64_if_float,
    expect_python_float,
    expect_python_int,
    type_name,
)


def test_close_values_pass_and_return_the_array():
    got = expect_array([1.0, 2.0], np.array([1.0, 2.0 + 1e-12]), "f(x)")
    assert isinstance(got, np.ndarray) and got.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("got, want, words", [
    (None, np.zeros(2), "returned None: did you forget `return`?"),
    ("text", np.zeros(2), "returned a str"),
    (np.zeros((3, 2)), np.zeros((2, 3)), "it looks transposed"),
    (np.zeros(3), np.zeros((3, 2)), "one axis is missing"),
    (np.zeros(3), np.zeros((3, 1)), "same number of values, wrong arrangement"),
    (np.array([np.nan, 1.0]), np.array([0.5, 1.0]), "contains nan or inf"),
    (np.array([2.0, 4.0]), np.array([1.0, 2.0]), "every value is 2x the expected one"),
    (3.0, 1.5, "that is 2x the expected value"),
    (np.array([1.0, 5.0]), np.array([1.0, 2.0]), "is wrong at index (1,): got 5, expected 2, off by 3"),
    # values that agree to 6 digits are printed with as many digits as it takes to tell them apart
    (0.6817101, 0.68171, "got 0.6817101, expected 0.68171, off by 1e-07"),
    (736766300.0, 736766000.0, "got 7.367663e+08, expected 7.36766e+08, off by 300"),
    # equal infinities are no difference: the index named is where the values really differ
    (np.array([-np.inf, 1.0, 2.0]), np.array([-np.inf, 1.0, 3.0]), "is wrong at index (2,): got 2, expected 3"),
])
def test_mismatch_messages(got, want, words):
    with pytest.raises(Mismatch) as err:
        expect_array(got, want, "f(x)")
    assert words in str(err.value) and str(err.value).startswith("f(x)")


def test_known_mistakes_are_named_even_when_they_change_the_shape():
    want = np.arange(3.0)
    with pytest.raises(Mismatch, match="f\\(x\\): one update too many"):
        expect_array(np.arange(4.0), want, "f(x)", mistakes=[(np.arange(4.0), "one update too many")])
    with pytest.raises(Mismatch, match="multiply by T\\^2"):
        expect_array(want / 4, want, "f(x)", mistakes=[(want / 4, "multiply by T^2")])
    # a "mistake" equal to the right answer never fires
    expect_array(want, want, "f(x)", mistakes=[(want, "never shown")])


def test_two_mistakes_that_agree_on_this_input_are_both_named():
    want, wrong = np.arange(3.0), np.arange(3.0) * 2
    with pytest.raises(Mismatch) as err:
        expect_array(wrong, want, "f(x)", mistakes=[(wrong, "eps is left out"), (wrong + 1e-15, "eps is squared"),
                                                    (wrong, "eps is left out"), (want + 5, "never shown")])
    assert str(err.value) == "f(x): eps is left out (or, which gives the same values on this input: eps is squared)"


def test_float64_accuracy_names_a_result_off_by_float32_rounding():
    want = np.random.default_rng(0).normal(size=(3, 4))
    got32 = want.astype(np.float32).astype(np.float64)                         # computed in float32, then converted
    fix, tol = "convert x to float64 first", dict(rtol=1e-9, atol=1e-12)
    expect_float64_accuracy(want.copy(), want, "f(x)", fix, **tol)               # exact
    expect_float64_accuracy(want + 1e-3, want, "f(x)", fix, **tol)               # further off: left to expect_array
    expect_float64_accuracy(got32[:2], want, "f(x)", fix, **tol)                 # another shape: left to expect_array
    expect_float64_accuracy(None, want, "f(x)", fix, **tol)
    with pytest.raises(Mismatch) as err:
        expect_float64_accuracy(got32, want, "f(x)", fix, **tol)
    off = float(np.max(np.abs(got32 - want)))
    assert str(err.value) == (f"f(x) agrees with the expected values only to float32 precision (off by float32 "
                              f"rounding, up to {off:.2g}): it is only float32-accurate, computed in float32 and only "
                              "then converted: convert x to float64 first")
    with pytest.raises(Mismatch, match="only float32-accurate"):                # a scalar, with a site's own tolerances
        expect_float64_accuracy(float(np.float32(np.pi)), np.pi, "loss", fix, rtol=1e-12, atol=0.0, float32_atol=0.0)


def test_expect_equal_exact_and_with_mistakes():
    expect_equal(["a", "b"], ["a", "b"], "tokens")
    with pytest.raises(Mismatch, match="tokens: got \\['b', 'a'\\], expected \\['a', 'b'\\]"):
        expect_equal(["b", "a"], ["a", "b"], "tokens")
    with pytest.raises(Mismatch, match="tokens: the swap is reversed"):
        expect_equal(["b", "a"], ["a", "b"], "tokens", mistakes=[(["b", "a"], "the swap is reversed")])
    with pytest.raises(Mismatch) as err:
        expect_equal(3, 4, "count", mistakes=[(3, "off by one"), (3, "off by one"), (3, "floor, not ceil"), (5, "no")])
    assert str(err.value) == "count: off by one (or, which gives the same values on this input: floor, not ceil)"
    with pytest.raises(Mismatch, match="differs at 1 position"):
        expect_equal(np.array([1, 2, 4]), np.array([1, 2, 3]), "ids")


def test_a_mistake_that_gives_nan_or_inf_can_be_named():
    """np.allclose never matches nan with nan: a known overflow mistake is matched with equal_nan,
    and its message keeps the words of the generic nan/inf message."""
    want = np.array([0.5, 0.5])
    overflow = np.array([np.nan, np.inf])
    with pytest.raises(Mismatch) as err:
        expect_array(overflow, want, "softmax(x)", mistakes=[(overflow, "subtract the maximum before exp")])
    message = str(err.value)
    assert message.startswith("softmax(x): subtract the maximum before exp")
    assert "contains nan or inf where the expected values are finite" in message
    with pytest.raises(Mismatch, match="contains nan or inf"):  # another nan pattern: not that mistake
        expect_array(np.array([0.5, np.nan]), want, "softmax(x)", mistakes=[(overflow, "never shown")])


@pytest.mark.parametrize("a, b", [
    ([1.0, 2.0], [1.0, np.inf]), ([np.inf], [np.inf]), ([-np.inf], [np.inf]), ([np.nan], [np.nan]),
    ([1.0, np.nan], [1.0, 1.0]), ([1e300], [-1e300]), ([1.0, 2.0], [1.0, 2.0 + 1e-6]), ([0.0], [1e-11]),
    (np.ones((2, 3)), np.ones((2, 3)) * (1 + 1e-8)), ([5.0], [np.inf]), ([np.inf, 1.0], [1.0, 1.0])])
@pytest.mark.parametrize("equal_nan", [False, True])
def test_close_agrees_with_numpy_allclose(a, b, equal_nan):
    from coursekit.expect import _close
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    for x, y in ((a, b), (b, a)):
        assert _close(x, y, 1e-7, 1e-10, equal_nan) == np.allclose(x, y, rtol=1e-7, atol=1e-10, equal_nan=equal_nan)


def test_numpy_scalars_are_named_and_python_ints_required():
    # a NumPy scalar the student returns arrives in the grader as a 0-d array: both are named as such
    assert type_name(np.array(7)) == type_name(np.int64(7)) == "a NumPy scalar (numpy.int64)"
    assert type_name(2.5) == "a float" and type_name([1]) == "a list"
    expect_python_int(7, "count", "np.sum returns NumPy integers")
    with pytest.raises(Mismatch) as err:
        expect_python_int(np.array(7), "count", "np.sum returns NumPy integers")
    assert str(err.value) == ("count must be a Python int, got a NumPy scalar (numpy.int64) (array(7)): the docstring "
                              "promises a Python int: use int(...) (np.sum returns NumPy integers)")
    with pytest.raises(Mismatch, match="got a float"):
        expect_python_int(7.0, "count", "")


def test_python_floats_required():
    expect_python_float(0.5, "loss", "np.mean returns NumPy floats")
    with pytest.raises(Mismatch) as err:
        expect_python_float(np.array(0.5), "loss", "np.mean returns NumPy floats")
    assert str(err.value) == ("loss must be a Python float, got a NumPy scalar (numpy.float64) (array(0.5)): the "
                              "docstring promises a Python float: use float(...) (np.mean returns NumPy floats)")
    with pytest.raises(Mismatch, match=r"loss must be a Python float, got an int \(0\)"):
        expect_python_float(0, "loss", "")


def test_promised_dtype_required():
    expect_dtype(np.zeros(3), np.float64, "layer_norm(x)")
    expect_dtype(np.float64(1.0), "float64", "layer_norm(x)")
    with pytest.raises(Mismatch) as err:
        expect_dtype(np.zeros(3, dtype=np.float32), np.float64, "layer_norm(x) with float32 x",
                     "np.asarray(x, dtype=np.float64) first")
    assert str(err.value) == ("layer_norm(x) with float32 x has dtype float32: the docstring promises float64 "
                              "(np.asarray(x, dtype=np.float64) first)")
    with pytest.raises(Mismatch) as err:
        expect_dtype(np.zeros(3, dtype=np.int32), np.int64, "mask_tokens(ids)['labels']")
    assert str(err.value) == "mask_tokens(ids)['labels'] has dtype int32: the docstring promises int64"
    with pytest.raises(Mismatch) as err:
        expect_dtype([0.0, 1.0], np.float64, "probs")
    assert str(err.value) == "probs is a list, not an array of float64: the docstring promises float64"


def test_float64_checked_for_float_results_only():
    for other in (None, np.arange(3), [True, False], "text", np.zeros(2)):   # left to expect_array, or right
        expect_float64_if_float(other, "f(x)")
    with pytest.raises(Mismatch) as err:
        expect_float64_if_float(np.zeros(2, dtype=np.float16), "f(x)", "np.asarray(x, dtype=np.float64)")
    assert str(err.value) == "f(x) has dtype float16: the docstring promises float64 (np.asarray(x, dtype=np.float64))"
