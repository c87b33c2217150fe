"""Hidden tests of ewc_penalty: (lam / 2) * sum F (theta - theta*)^2 and its gradient lam * F * (theta - theta*)
(Avalanche's EWCPlugin penalty with ewc_lambda = lam / 2; the gradient as autograd computes it)."""
import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_python_float,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-12, 1e-14


def _pair(got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (penalty, grad), got {type(got).__name__}")
    return got


def _check(student, reference, theta, star, F, lam, what):
    want_p, want_g = reference.ewc_penalty(theta, star, F, lam)
    got_p, got_g = _pair(student.ewc_penalty(theta, star, F, lam), what)
    d = theta - star
    s = np.sum(F * d * d)
    expect_array(got_p, want_p, f"the penalty of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        (lam * s, "the penalty is twice too large: it is (lam / 2) * sum F (theta - theta*)^2 — the 1/2 is missing "
                  "(Avalanche's ewc_lambda is lam / 2)"),
        (s / 2, "the penalty does not use lam: (lam / 2) * sum F (theta - theta*)^2"),
        (0.5 * lam * np.mean(F * d * d), "the penalty averages over the parameters: sum over them"),
        (0.5 * lam * np.sum(F * np.abs(d)), "the difference is not squared: (theta - theta*)^2"),
        (0.5 * lam * np.sum(F ** 2 * d * d), "F is squared: the penalty is linear in the Fisher"),
    ])
    expect_array(got_g, want_g, f"the gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        (-lam * F * d, "the gradient has the wrong sign: d/dtheta is lam * F * (theta - theta*)"),
        (2 * lam * F * d, "the gradient is twice too large: d/dtheta of (lam/2) F (theta - theta*)^2 is lam F (theta - theta*)"),
        (0.5 * lam * F * d, "the gradient is half what it should be: d/dtheta of (lam/2) F (theta - theta*)^2 is "
                            "lam F (theta - theta*) (the 2 of the square cancels the 1/2)"),
        (F * d, "the gradient does not use lam: lam * F * (theta - theta*)"),
        (0.5 * lam * F * d * d, "this is the penalty per parameter, not its derivative: lam * F * (theta - theta*)"),
    ])


@pytest.mark.points(0.75)
def test_matrix_parameters(student, reference):
    rng = np.random.default_rng(243)
    theta, star = rng.normal(size=(2, 4, 3))
    F = rng.random((4, 3)) * 2
    _check(student, reference, theta, star, F, 0.7, "ewc_penalty(theta, theta_star, F, lam=0.7) with (4, 3) arrays")
    _check(student, reference, theta, star, F, 250.0, "ewc_penalty(..., lam=250) with (4, 3) arrays")


@pytest.mark.points(0.75)
def test_shapes_and_zero_cases(student, reference):
    rng = np.random.default_rng(244)
    theta, star = rng.normal(size=(2, 7))
    F = rng.random(7)
    _check(student, reference, theta, star, F, 3.0, "ewc_penalty with 1-D parameters of length 7, lam=3")
    t3, s3 = rng.normal(size=(2, 2, 3, 2))
    F3 = rng.random((2, 3, 2))
    _check(student, reference, t3, s3, F3, 1.5, "ewc_penalty with (2, 3, 2) parameters, lam=1.5")
    p, g = _pair(student.ewc_penalty(star, star, F, 3.0), "ewc_penalty(theta_star, theta_star, F, 3)")
    expect_array(p, 0.0, "ewc_penalty(theta_star, theta_star, F, 3): the penalty at the anchor", rtol=0, atol=1e-14)
    expect_array(g, np.zeros(7), "the gradient of ewc_penalty at the anchor", rtol=0, atol=1e-14)
    p, g = _pair(student.ewc_penalty(theta, star, np.zeros(7), 3.0), "ewc_penalty(theta, theta_star, 0, 3)")
    expect_array(p, 0.0, "ewc_penalty with a zero Fisher (no weight is important)", rtol=0, atol=1e-14)


@pytest.mark.points(0.5)
def test_gradient_is_the_derivative_of_the_penalty(student, reference):
    rng = np.random.default_rng(245)
    theta, star = rng.normal(size=(2, 5))
    F = rng.random(5) + 0.1
    lam = 2.5
    _check(student, reference, theta, star, F, lam, "ewc_penalty(theta, theta_star, F, lam=2.5) with 5 parameters")
    got_p, got_g = _pair(student.ewc_penalty(theta, star, F, lam), "ewc_penalty")
    h = 1e-6
    numeric = np.array([(reference.ewc_penalty(theta + h * e, star, F, lam)[0]
                         - reference.ewc_penalty(theta - h * e, star, F, lam)[0]) / (2 * h) for e in np.eye(5)])
    expect_array(got_g, numeric, "the gradient of ewc_penalty against central finite differences",
                 rtol=1e-6, atol=1e-8)
    expect_true(np.ndim(got_p) == 0, f"the penalty must be a single number, got an array of shape {np.shape(got_p)}")


@pytest.mark.points(0.25)
def test_zero_lambda_scalars_and_types(student, reference):
    rng = np.random.default_rng(246)
    theta, star = rng.normal(size=(2, 3, 2))
    F = rng.random((3, 2))
    p, g = _pair(student.ewc_penalty(theta, star, F, 0.0), "ewc_penalty(..., lam=0)")
    expect_array(p, 0.0, "ewc_penalty(..., lam=0) (no penalty)", rtol=0, atol=0)
    expect_array(g, np.zeros((3, 2)), "the gradient of ewc_penalty(..., lam=0)", rtol=0, atol=0)
    expect_python_float(p, "the penalty of ewc_penalty(..., lam=0)", "a shortcut `return 0, ...` returns an int; "
                        "np.sum returns NumPy floats")
    _check(student, reference, np.array(1.5), np.array(0.5), np.array(2.0), 0.8,
           "ewc_penalty on 0-d (scalar) arrays, lam=0.8")
    p, g = _pair(student.ewc_penalty(theta.astype(np.float32), star, F, 1.0), "ewc_penalty")
    expect_python_float(p, "the penalty of ewc_penalty(theta as float32, ...)", "np.sum, np.mean and np.log return NumPy floats")
    expect_dtype(g, np.float64, "the gradient of ewc_penalty with a float32 theta")
    for lam in (1.0, 0.0):
        p, g = _pair(student.ewc_penalty(theta.astype(np.float32), star.astype(np.float32), F.astype(np.float32), lam),
                     "ewc_penalty")
        expect_dtype(g, np.float64, f"the gradient of ewc_penalty(theta, theta_star, fisher, lam={lam:g}) with float32 "
                                    "theta, theta_star and fisher", "np.asarray(theta, dtype=np.float64) first, also for lam = 0")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(247)
    theta, star = rng.normal(size=(2, 4, 3))
    student.ewc_penalty(theta, star, rng.random((4, 3)), 2.0)
    expect_unchanged(student.last_call, "compute d = theta - theta_star as a new array (never theta -= theta_star)")


@pytest.mark.points(0.25)
def test_random_parameters(student, reference):
    rng = np.random.default_rng(248)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 4))))
        theta, star = rng.normal(size=(2,) + shape)
        F, lam = rng.random(shape) * float(rng.choice([1e-4, 1.0, 1e3])), float(rng.choice([0.1, 1.0, 5000.0]))
        _check(student, reference, theta, star, F, lam, f"ewc_penalty with parameters of shape {shape}, lam={lam:g} "
                                                        "(random draw)")
