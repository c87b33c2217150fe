"""Hidden tests of fp16_round: IEEE binary16 round-to-nearest-even, as x.astype(np.float16) (the same as
torch's float32 -> float16 conversion; checked on 5e5 values)."""
import ast

import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_dtype, expect_not_used, expect_true, expect_unchanged


def _want(x):
    with np.errstate(over="ignore"):
        return np.asarray(x, dtype=np.float64).astype(np.float16).astype(np.float64)


def _variant(x, frac_bits=10, min_exp=-14, rounding=np.round, overflow_before_rounding=False):
    """fp16-like rounding with one rule changed: the known mistakes."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    _, e = np.frexp(ax)
    k = np.maximum(e - 1, min_exp)
    ulp = np.ldexp(1.0, k - frac_bits)
    with np.errstate(invalid="ignore", over="ignore"):
        q = rounding(ax / ulp) * ulp
    if overflow_before_rounding:
        q = np.where(ax > 65504.0, np.inf, q)
    else:
        q = np.where(q > 65504.0, np.inf, q)
    return np.copysign(q, x)


def _flush_subnormals(x):
    q = _want(x)
    return np.where(np.abs(q) < 2.0 ** -14, 0.0 * q, q)


def _mistakes(x):
    return [
        (_variant(x, rounding=np.trunc), "values are truncated (rounded toward zero): round to the NEAREST fp16 value"),
        (_variant(x, rounding=np.floor), "values are rounded down (floor): round to the NEAREST fp16 value"),
        (_variant(x, rounding=lambda v: np.floor(v + 0.5)),
         "ties are rounded up (half away from zero): ties go to the even neighbour (np.round does this)"),
        (_flush_subnormals(x), "values below 2**-14 are flushed to zero: fp16 has subnormals, multiples of 2**-24 "
                               "down to 2**-24"),
        (_variant(x, min_exp=-15), "the subnormals are spaced 2**-25: fp16's smallest exponent is -14, so below "
                                   "2**-14 the values are multiples of 2**-24 (k = max(floor(log2|x|), -14))"),
        (_variant(x, frac_bits=11), "the result keeps 11 fraction bits: fp16 has 10 fraction bits (spacing 2**(k-10))"),
        (_variant(x, frac_bits=9), "the result keeps 9 fraction bits: fp16 has 10 fraction bits (spacing 2**(k-10))"),
        (_variant(x, overflow_before_rounding=True),
         "every value above 65504 becomes inf: values between 65504 and 65520 round to 65504; only |x| >= 65520 overflow"),
        (np.where(np.abs(x) > 65520.0, np.copysign(np.inf, x), np.clip(_want(x), -65504.0, 65504.0)),
         "65520 itself must overflow: it lies halfway between 65504 and 65536 (2**16), and the tie goes to the even "
         "neighbour 65536, which is inf in fp16: |x| >= 65520 overflow"),
        (np.where(np.isinf(_want(x)), np.inf, _want(x)),
         "an overflow keeps its sign: large negative values give -inf, not +inf (np.copysign(np.inf, x))"),
    ]


@pytest.mark.points(0.75)
def test_random_values_across_the_range(student, reference):
    rng = np.random.default_rng(70)
    x = rng.normal(size=4000) * 2.0 ** rng.uniform(-20, 15, size=4000)
    x = x.reshape(40, 100)
    want = _want(x)
    expect_array(student.fp16_round(x), want, "fp16_round(4000 values of magnitude 2**-20 to 2**15, shape (40, 100))",
                 rtol=0, atol=0, mistakes=_mistakes(x))


@pytest.mark.points(0.5)
def test_ties_subnormals_and_underflow(student, reference):
    ulp1 = 2.0 ** -10
    ties = np.array([1 + ulp1 / 2, 1 + 3 * ulp1 / 2, 2 + ulp1, 2 + 3 * ulp1, 1024.5, 1025.5, -(1 + ulp1 / 2)])
    sub = np.array([2.0 ** -24, 3 * 2.0 ** -24, 2.0 ** -25, 3 * 2.0 ** -26, 1.5 * 2.0 ** -24, 2.5 * 2.0 ** -24,
                    1e-8, 4e-8, 1e-6, 2.0 ** -14 - 2.0 ** -25, 6e-5, -5e-7, 1e-12])
    for name, x in (("ties", ties), ("subnormal and underflowing values", sub)):
        expect_array(student.fp16_round(x), _want(x), f"fp16_round({name}: {np.array2string(x, precision=8)})",
                     rtol=0, atol=0, mistakes=_mistakes(x))


@pytest.mark.points(0.5)
def test_overflow_signs_and_special_values(student, reference):
    x = np.array([65490.0, 65504.0, 65519.0, 65519.999, 65520.0, 70000.0, -65520.0, -65519.0, 1e10, -0.0, 0.0, 1e300])
    expect_array(student.fp16_round(x), _want(x), "fp16_round([65490, 65504, 65519, 65519.999, 65520, 70000, -65520, "
                 "-65519, 1e10, -0.0, 0.0, 1e300])", rtol=0, atol=0, mistakes=_mistakes(x))
    got = np.asarray(student.fp16_round(np.array([np.inf, -np.inf, np.nan, -0.0, -1e-30])), dtype=float)
    expect_true(got.shape == (5,) and got[0] == np.inf and got[1] == -np.inf and np.isnan(got[2]),
                f"fp16_round([inf, -inf, nan, -0.0, -1e-30]) gave {got}: inf, -inf and nan must stay as they are")
    expect_true(got[3] == 0 and np.signbit(got[3]) and got[4] == 0 and np.signbit(got[4]),
                "fp16_round(-0.0) and fp16_round(-1e-30) must be -0.0: keep the sign (np.copysign)")
    scalar = np.asarray(student.fp16_round(3.14159), dtype=float)
    expect_array(scalar.reshape(()), 3.140625, "fp16_round(3.14159) with a Python float", rtol=0, atol=0)


NO_FLOAT16 = "implement fp16_round without np.float16 (the notebook's rule): use the formula of section 3 (frexp, " \
             "the spacing 2**(k - 10), np.round) in float64"
FORBIDDEN = {"float16": NO_FLOAT16, "np.float16": NO_FLOAT16, "numpy.float16": NO_FLOAT16, "half": NO_FLOAT16,
             "np.half": NO_FLOAT16, ".half": NO_FLOAT16, "float16_t": NO_FLOAT16}
FP16_DTYPE_NAMES = {"float16", "f2", "<f2", ">f2", "=f2", "e", "half", "float16_t"}


def _fp16_dtype_strings(source):
    """String dtypes of fp16 ("float16", "f2", "e", ...) given to astype/view or as dtype=, found in the syntax tree."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        values = [k.value for k in node.keywords if k.arg == "dtype"]
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("astype", "view", "dtype") and node.args:
            values.append(node.args[0])
        if isinstance(node.func, ast.Attribute) and node.func.attr == "dtype" or \
                isinstance(node.func, ast.Name) and node.func.id == "dtype":
            values.extend(node.args[:1])
        found += [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                  and v.value.strip().lower() in FP16_DTYPE_NAMES]
    return found


@pytest.mark.points(0.5)
def test_without_numpy_float16(student, reference):
    code = student.code_of("fp16_round")
    expect_not_used(code, FORBIDDEN, "fp16_round")
    strings = _fp16_dtype_strings(code)
    expect_true(not strings, f"fp16_round: the dtype {strings[0]!r} is float16: {NO_FLOAT16}" if strings else "")
    rng = np.random.default_rng(75)
    x = rng.normal(size=300) * 2.0 ** rng.uniform(-26, 17, size=300)
    expect_array(student.fp16_round(x), _want(x), "fp16_round(300 values of magnitude 2**-26 to 2**17)",
                 rtol=0, atol=0, mistakes=_mistakes(x))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    x = np.random.default_rng(76).normal(size=(5, 4)) * 300.0
    got = student.fp16_round(x)
    expect_unchanged(student.last_call, "rounding in place (np.round(x, out=x), x *= ..., x[...] = ...) changes the "
                                        "caller's array: compute a new one")
    expect_array(got, _want(x), "fp16_round(x of shape (5, 4))", rtol=0, atol=0, mistakes=_mistakes(x))


@pytest.mark.points(0.25)
def test_integers_float32_empty_and_any_shape(student, reference):
    for x, what in [(70000, "fp16_round(70000) with a Python int"), (3, "fp16_round(3) with a Python int"),
                    (np.array([1, 2049, -65519, 4097], dtype=np.int64), "fp16_round(an int64 array [1, 2049, -65519, 4097])"),
                    (np.float32(1.0001), "fp16_round(np.float32(1.0001))"),
                    (np.linspace(-3, 3, 24).reshape(2, 3, 4).astype(np.float32) * 1000.3,
                     "fp16_round(a float32 array of shape (2, 3, 4))"),
                    (np.zeros((0, 3)), "fp16_round(an empty array of shape (0, 3))")]:
        try:
            got = student.fp16_round(x)
        except StudentCodeError as exc:
            if exc.kind != "error":
                raise
            raise AssertionError(f"{what}: {exc}: x may be a number or an array of any dtype (ints too): convert it "
                                 "with np.asarray(x, dtype=np.float64) first and build the result in float64") from None
        expect_true(np.shape(got) == np.shape(x), f"{what} returned shape {np.shape(got)}: the result has the shape "
                                                  f"of x, here {np.shape(x)} (a number gives a 0-d array: no "
                                                  "np.atleast_1d, or reshape back)")
        expect_dtype(np.asarray(got) if got is not None else got, np.float64, what,   # a Python float passes, as before
                     "convert the input with np.asarray(x, dtype=np.float64) first")
        expect_array(got, _want(x), what, rtol=0, atol=0, mistakes=_mistakes(np.asarray(x, dtype=np.float64)))


@pytest.mark.points(0.25)
def test_random_ties_and_neighbours(student, reference):
    rng = np.random.default_rng(77)
    k = rng.integers(-24, 16, size=1500)                           # binade exponents, subnormals included
    ulp = np.ldexp(1.0, np.maximum(k, -14) - 10)
    m = rng.integers(0, 2048, size=1500)                            # position inside the binade
    base = np.where(k < -14, 0.0, np.ldexp(1.0, k)) + m * ulp
    x = base + ulp * rng.choice([0.5, 0.5, 0.4999999, 0.5000001, 0.25], size=1500)
    x = np.where(rng.random(1500) < 0.5, -x, x).reshape(30, 50)
    expect_array(student.fp16_round(x), _want(x), "fp16_round(1500 random ties and near-ties across every binade)",
                 rtol=0, atol=0, mistakes=_mistakes(x))
