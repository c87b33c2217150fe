"""Hidden tests of competence (mirrors symphony-mt's LinearStepCompetency and SquareRootStepCompetency:
min(1, t (1 - c0) / T + c0) and min(1, sqrt(t (1 - c0^2) / T + c0^2)))."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-12, 1e-14


def _mistakes(t, T, c0, kind):
    t = np.asarray(t, dtype=float)
    lin = t * (1 - c0) / T + c0
    sq = np.sqrt(t * (1 - c0 ** 2) / T + c0 ** 2)
    out = [(np.minimum(1, np.sqrt(t * (1 - c0) / T + c0)), "c0 is not squared: c_sqrt = sqrt(t * (1 - c0**2) / T + c0**2)"),
           (np.minimum(1, np.sqrt(t * (1 - c0) / T + c0 ** 2)), "the slope uses 1 - c0, the linear schedule's: "
                                                                "c_sqrt = sqrt(t * (1 - c0**2) / T + c0**2)"),
           (np.minimum(1, np.sqrt(t * (1 - c0 ** 2) / T) + c0), "c0 is added outside the square root: "
                                                                "c_sqrt = sqrt(t * (1 - c0**2) / T + c0**2)"),
           (np.minimum(1, t / T), "c0 is ignored: competence starts at c0 at t = 0"),
           (np.minimum(1, np.sqrt(t / T)), "c0 is ignored: competence starts at c0 at t = 0")]
    if kind == "sqrt":
        out += [(sq, "the competence is not capped: it is at most 1, min(1, ...)"),
                (np.minimum(1, lin), "this is the linear competence: kind='sqrt' is sqrt(t * (1 - c0**2) / T + c0**2)")]
    else:
        out += [(lin, "the competence is not capped: it is at most 1, min(1, ...)"),
                (np.minimum(1, sq), "this is the square-root competence: kind='linear' is t * (1 - c0) / T + c0")]
    return out


@pytest.mark.points(0.5)
def test_sqrt_competence(student, reference):
    t = np.array([0, 1, 10, 100, 250, 499, 500, 501, 2000])
    for c0 in (0.01, 0.1):
        expect_array(student.competence(t, 500, c0, "sqrt"), reference.competence(t, 500, c0, "sqrt"),
                     f"competence(t = {t.tolist()}, T=500, c0={c0}, kind='sqrt')", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(t, 500, c0, "sqrt"))


@pytest.mark.points(0.5)
def test_linear_competence(student, reference):
    t = np.array([0, 3, 40, 150, 199, 200, 350])
    expect_array(student.competence(t, 200, 0.2, "linear"), reference.competence(t, 200, 0.2, "linear"),
                 f"competence(t = {t.tolist()}, T=200, c0=0.2, kind='linear')", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 200, 0.2, "linear"))


@pytest.mark.points(0.5)
def test_scalar_steps_and_defaults(student, reference):
    for t in (0, 37, 1000):
        expect_array(student.competence(t, 1000), reference.competence(t, 1000),
                     f"competence({t}, 1000) with the defaults c0=0.01, kind='sqrt'", rtol=RTOL, atol=ATOL,
                     mistakes=[(reference.competence(t, 1000, c0, "sqrt"), f"this is the competence for c0={c0}: "
                                "the default c0 is 0.01") for c0 in (0.1, 0.001, 0.05)]
                     + _mistakes(t, 1000, 0.01, "sqrt"))
    expect_array(student.competence(7.5, 30, 0.05, "linear"), reference.competence(7.5, 30, 0.05, "linear"),
                 "competence(7.5, 30, c0=0.05, kind='linear')", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(7.5, 30, 0.05, "linear"))


@pytest.mark.points(0.5)
def test_shapes_dtype_and_boundaries(student, reference):
    t = np.array([[0, 50, 100], [150, 200, 400]])
    for kind in ("sqrt", "linear"):
        got = student.competence(t, 200, 0.1, kind)
        expect_array(got, reference.competence(t, 200, 0.1, kind),
                     f"competence(t of shape (2, 3), T=200, c0=0.1, kind={kind!r}) (the result has the shape of t)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 200, 0.1, kind))
    for kind in ("sqrt", "linear"):
        expect_array(student.competence(np.array([0.0, 10.0, 500.0]), 100, 1.0, kind), np.ones(3),
                     f"competence(t, T=100, c0=1, kind={kind!r}) (c0 = 1: full competence from the start)",
                     rtol=RTOL, atol=ATOL)
    got = student.competence(np.array([0.0, 25.0, 100.0], dtype=np.float32), 100, 0.01, "sqrt")
    expect_dtype(got, np.float64, "competence of float32 steps", "np.asarray(t, dtype=np.float64) first")
    got = student.competence(40, 100, 0.01, "linear")
    expect_true(isinstance(got, np.ndarray) and got.shape == () and got.dtype == np.float64,
                f"competence(40, 100, kind='linear') returned a {type(got).__name__}"
                f"{' of shape ' + str(got.shape) if isinstance(got, np.ndarray) else ''}: the docstring promises a "
                "0-d float64 array for a scalar t (np.asarray(t, dtype=np.float64) first, then np.minimum)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    t = np.array([0.0, 10.0, 90.0, 200.0])
    for kind in ("sqrt", "linear"):
        student.competence(t, 100, 0.05, kind)
        expect_unchanged(student.last_call, "compute the competence into a new array (never t *= ... or t /= T)")


@pytest.mark.points(0.5)
def test_random_schedules(student, reference):
    rng = np.random.default_rng(314)
    for _ in range(3):
        T = int(rng.integers(1, 5000))
        c0, kind = float(rng.choice([0.01, 0.1, 0.5, 1.0])), str(rng.choice(["sqrt", "linear"]))
        t = rng.uniform(0, 1.5 * T, size=int(rng.integers(1, 20)))
        expect_array(student.competence(t, T, c0, kind), reference.competence(t, T, c0, kind),
                     f"competence({t.size} steps in [0, {1.5 * T:g}], T={T}, c0={c0}, kind={kind!r}) (random draw)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, T, c0, kind))
