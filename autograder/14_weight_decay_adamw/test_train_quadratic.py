"""Hidden tests of train_quadratic: a training loop (for t in range(T): backward(); optimizer.step())
on f(theta) = 0.5 * sum(h * (theta - c)**2) with pre-drawn gradient noise, with AdamW or Adam + L2.

Graded on its own: all tests but one answer the student's calls of adamw_step and adam_l2_step with the
reference, so a wrong optimizer step costs that step's points; test_with_your_optimizer_steps checks them together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged

STEPS = ("adamw_step", "adam_l2_step")

RTOL, ATOL = 1e-9, 1e-12


def _loop(reference, p0, h, c, noise, lr, wd, decoupled, betas, eps, *, reset=False, frozen_grad=False,
          flip_sign=False):
    """The reference loop with a known mistake switched on."""
    step = reference.adamw_step if decoupled else reference.adam_l2_step
    theta = np.asarray(p0, dtype=np.float64)
    state = reference.init_state(theta)
    rows = [theta]
    for t in range(len(noise)):
        at = p0 if frozen_grad else theta
        grad = (h * (c - at) if flip_sign else h * (at - c)) + noise[t]
        theta, state = step(theta, grad, reference.init_state(theta) if reset else state, lr, betas, eps, wd)
        rows.append(theta)
    return np.stack(rows)


def _mistakes(reference, p0, h, c, noise, lr, wd, decoupled, betas, eps):
    run = lambda **kw: _loop(reference, p0, h, c, noise, lr, wd, decoupled, betas, eps, **kw)  # noqa: E731
    return [
        (run(reset=True), "the optimizer state is re-initialised at every step: carry the optimizer state "
                          "(m, v, step) returned by one step into the next"),
        (run(frozen_grad=True), "the gradient is always evaluated at p0: compute h * (theta - c) + noise[t] "
                                "at the current theta"),
        (run(flip_sign=True), "the gradient has the wrong sign: the gradient of 0.5 * h * (theta - c)**2 is "
                              "h * (theta - c)"),
        (_loop(reference, p0, h, c, noise, lr, wd, not decoupled, betas, eps),
         "decoupled is inverted: decoupled=True means adamw_step, decoupled=False adam_l2_step"),
        (_loop(reference, p0, h, c, noise, lr, 0.01 if decoupled else 0.0, decoupled, betas, eps),
         f"weight_decay (= {wd:g}) is not passed on to the optimizer step: the step's own default is used; call "
         "step(theta, grad, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)"),
        (_loop(reference, p0, h, c, noise, lr, wd, decoupled, (0.9, 0.999), eps),
         f"betas (= {betas}) is not passed on to the optimizer step: the step's default (0.9, 0.999) is used"),
        (_loop(reference, p0, h, c, noise, lr, wd, decoupled, betas, 1e-8),
         f"eps (= {eps:g}) is not passed on to the optimizer step: the step's default 1e-8 is used"),
    ]


def _check(got, want, what, mistakes):
    got_shape = np.shape(got)
    if got_shape == (want.shape[0] - 1,) + want.shape[1:]:
        raise Mismatch(f"{what} has shape {got_shape}, expected {want.shape}: the trajectory has T + 1 rows, "
                       "row 0 being p0 itself")
    expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=mistakes)


def _problem(seed, shape, T, noise_scale):
    rng = np.random.default_rng(seed)
    p0 = rng.normal(size=shape)
    h = rng.uniform(0.5, 2.0, size=shape)
    c = rng.normal(size=shape)
    noise = rng.normal(scale=noise_scale, size=(T,) + shape)
    return p0, h, c, noise


@pytest.mark.points(0.5)
def test_adamw_trajectory(student, reference):
    own = student.with_reference(*STEPS)
    p0, h, c, noise = _problem(160, (6,), 25, 0.3)
    args = (0.05, 0.1, True, (0.9, 0.999), 1e-8)
    want = reference.train_quadratic(p0, h, c, noise, *args)
    got = own.train_quadratic(p0, h, c, noise, *args)
    _check(got, want, "train_quadratic(p0, h, c, noise of shape (25, 6), lr=0.05, weight_decay=0.1, decoupled=True)",
           _mistakes(reference, p0, h, c, noise, *args))


@pytest.mark.points(0.5)
def test_adam_l2_trajectory_matrix_parameter(student, reference):
    own = student.with_reference(*STEPS)
    p0, h, c, noise = _problem(161, (3, 4), 15, 1.0)
    args = (0.1, 0.05, False, (0.8, 0.99), 1e-6)
    want = reference.train_quadratic(p0, h, c, noise, *args)
    got = own.train_quadratic(p0, h, c, noise, *args)
    _check(got, want, "train_quadratic with a (3, 4) parameter, noise of shape (15, 3, 4), lr=0.1, "
                      "weight_decay=0.05, decoupled=False, betas=(0.8, 0.99), eps=1e-6",
           _mistakes(reference, p0, h, c, noise, *args))


@pytest.mark.points(0.5)
def test_pure_decay_closed_form_and_noisy_run(student, reference):
    own = student.with_reference(*STEPS)
    p0 = np.array([2.0, -1.0, 0.5, 3.0])
    zeros = np.zeros(4)
    T, lr, wd = 12, 0.1, 0.4
    want = p0[None, :] * (1 - lr * wd) ** np.arange(T + 1)[:, None]     # (T + 1, 4)
    got = own.train_quadratic(p0, zeros, zeros, np.zeros((T, 4)), lr, wd, True)
    _check(got, want, "train_quadratic with h = 0 and no noise, decoupled=True: only the decay acts, "
                      "theta_t = p0 * (1 - lr * weight_decay) ** t", [])
    p0, h, c, noise = _problem(162, (5,), 30, 3.0)
    args = (0.02, 0.3, True, (0.9, 0.999), 1e-8)
    want = reference.train_quadratic(p0, h, c, noise, *args)
    got = own.train_quadratic(p0, h, c, noise, *args)
    _check(got, want, "train_quadratic with gradient noise of std 3 (noise of shape (30, 5)), decoupled=True",
           _mistakes(reference, p0, h, c, noise, *args))


@pytest.mark.points(0.5)
def test_no_steps_scalar_parameter_and_defaults(student, reference):
    own = student.with_reference(*STEPS)
    p0, h, c, _ = _problem(163, (3,), 1, 1.0)
    what = "train_quadratic with noise of shape (0, 3), i.e. T=0 steps: the trajectory is p0 alone, shape (1, 3)"
    try:
        got = own.train_quadratic(p0, h, c, np.zeros((0, 3)), 0.1, 0.1, True)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}, but your code failed: {exc}") from None
    _check(got, p0[None, :], what, [])
    rng = np.random.default_rng(164)
    p0, h, c, noise = np.array(1.5), np.array(0.8), np.array(-0.5), rng.normal(scale=0.2, size=7)
    want = reference.train_quadratic(p0, h, c, noise, 0.1, 0.2, False)
    _check(own.train_quadratic(p0, h, c, noise, 0.1, 0.2, False), want,
           "train_quadratic on a scalar (0-d) parameter, noise of shape (7,): the trajectory has shape (8,)",
           _mistakes(reference, p0, h, c, noise, 0.1, 0.2, False, (0.9, 0.999), 1e-8))
    p0, h, c, noise = _problem(165, (2, 3), 10, 0.5)
    want = reference.train_quadratic(p0, h, c, noise)
    got = own.train_quadratic(p0, h, c, noise)
    _check(got, want, "train_quadratic(p0, h, c, noise) with every default (lr=1e-2, weight_decay=0, decoupled=True)",
           _mistakes(reference, p0, h, c, noise, 1e-2, 0.0, True, (0.9, 0.999), 1e-8))
    want = reference.train_quadratic(p0, h, c, noise, 0.05, 0.1)
    _check(own.train_quadratic(p0, h, c, noise, 0.05, 0.1), want,
           "train_quadratic(p0, h, c, noise, lr=0.05, weight_decay=0.1) with the default decoupled=True (AdamW)",
           [(m, "the default decoupled is not True: by default train_quadratic uses adamw_step (decoupled=True)"
                if "decoupled is inverted" in msg else msg)
            for m, msg in _mistakes(reference, p0, h, c, noise, 0.05, 0.1, True, (0.9, 0.999), 1e-8)])
    got32 = own.train_quadratic(p0.astype(np.float32), h, c, np.zeros((0, 2, 3)), 0.05, 0.1, True)
    expect_true(isinstance(got32, np.ndarray) and got32.dtype == np.float64 and got32.shape == (1, 2, 3),
                f"train_quadratic with a float32 p0 and T=0 steps returned "
                f"{getattr(got32, 'dtype', type(got32).__name__)} of shape {np.shape(got32)}: the docstring promises a "
                "float64 trajectory of shape (1, *S) also when there is no step (convert p0 with "
                "np.asarray(p0, dtype=np.float64) before any special case)")
    got32 = own.train_quadratic(p0.astype(np.float32), h, c, noise, 0.05, 0.1, True)
    expect_dtype(got32, np.float64, "train_quadratic with a float32 p0: the trajectory",
                 "start from np.asarray(p0, dtype=np.float64)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    p0, h, c, noise = _problem(166, (4,), 6, 0.5)
    student.with_reference(*STEPS).train_quadratic(p0, h, c, noise, 0.05, 0.1, True)
    expect_unchanged(student.last_call, "compute each gradient as a new array, grad = h * (theta - c) + noise[t] "
                                        "(grad = noise[t]; grad += ... writes into noise), and never update p0 in place")


@pytest.mark.points(0.25)
def test_random_problems(student, reference):
    own = student.with_reference(*STEPS)
    rng = np.random.default_rng(1670)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(0, 3))))
        T, decoupled = int(rng.integers(1, 12)), bool(rng.random() < 0.5)
        lr, wd = float(rng.choice([1e-3, 0.05, 0.2])), float(rng.choice([0.0, 0.1, 0.6]))
        p0, h, c, noise = _problem(int(rng.integers(1 << 30)), shape, T, float(rng.choice([0.0, 0.5, 3.0])))
        args = (lr, wd, decoupled, (0.9, 0.999), 1e-8)
        want = reference.train_quadratic(p0, h, c, noise, *args)
        _check(own.train_quadratic(p0, h, c, noise, *args), want,
               f"train_quadratic with theta of shape {shape}, T={T}, lr={lr:g}, weight_decay={wd:g}, "
               f"decoupled={decoupled} (random draw)", _mistakes(reference, p0, h, c, noise, *args))


@pytest.mark.points(0.5)
def test_with_your_optimizer_steps(student, reference):
    for seed, decoupled in ((168, True), (169, False)):
        p0, h, c, noise = _problem(seed, (5,), 8, 0.5)
        args = (0.05, 0.2, decoupled, (0.9, 0.999), 1e-8)
        want = reference.train_quadratic(p0, h, c, noise, *args)
        step = "adamw_step" if decoupled else "adam_l2_step"
        _check(student.train_quadratic(p0, h, c, noise, *args), want,
               f"train_quadratic(..., decoupled={decoupled}) with your own {step} (if {step}'s own tests fail, fix it first)",
               _mistakes(reference, p0, h, c, noise, *args))
