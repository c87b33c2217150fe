"""Hidden tests of pgd_perturbation: normalised L2 ascent steps and per-example projection onto the eps-ball
(the l2 branch of FreeLB's run_glue_freelb.py)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_new, expect_true, expect_unchanged

RTOL, ATOL = 1e-9, 1e-12


def _problem(seed, B=4, S=5, d=3, C=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, S, d))
    M = (np.arange(S)[None, :] < rng.integers(1, S + 1, size=B)[:, None]).astype(float)
    W, b = rng.normal(size=(d, C)) * 2, rng.normal(size=C)
    y = rng.integers(0, C, size=B)
    return X, M, W, b, y


def _norm(a):
    return np.sqrt((a.reshape(a.shape[0], -1) ** 2).sum(axis=1))[:, None, None]


def _token_norm(a):
    return np.sqrt((a ** 2).sum(axis=-1, keepdims=True))


def _variant(ref, X, M, W, b, y, eps, alpha, steps, d0, *, project="l2", normalise=True, sign=1.0, clean=False,
             per_token=False):
    delta = np.array(d0, dtype=float)
    norm = _token_norm if per_token else _norm
    for _ in range(steps):
        g = ref.linear_model(X if clean else X + delta, M, W, b, y)["grad_embeds"]
        step = g / np.maximum(norm(g), 1e-8) if normalise else g
        delta = delta + sign * alpha * step
        if project == "l2":
            n = norm(delta)
            delta = delta * np.where(n > eps, eps / np.where(n > 0, n, 1.0), 1.0)
        elif project == "sphere":                                   # rescaled to norm eps even inside the ball
            n = norm(delta)
            delta = delta * np.where(n > 0, eps / np.where(n > 0, n, 1.0), 1.0)
        elif project == "linf":
            delta = np.clip(delta, -eps, eps)
    if project == "end" and steps:
        n = _norm(delta)
        delta = delta * np.where(n > eps, eps / np.where(n > 0, n, 1.0), 1.0)
    return delta


def _mistakes(ref, args):
    return [(_variant(ref, *args, project="none"),
             "the perturbation leaves the eps-ball: after each step rescale every example with ||delta_n|| > eps to norm eps"),
            (_variant(ref, *args, project="sphere"),
             "every example is rescaled to norm eps, also those inside the ball: rescale only the examples with "
             "||delta_n|| > eps (a projection onto the ball, not onto its surface)"),
            (_variant(ref, *args, project="linf"),
             "each coordinate is clipped to [-eps, eps] (the L-infinity ball): project onto the L2 ball by rescaling "
             "the example's whole perturbation"),
            (_variant(ref, *args, normalise=False),
             "the step is step_size * g: normalise the gradient by its per-example L2 norm first"),
            (_variant(ref, *args, sign=-1.0), "the steps go downhill: add step_size * g / ||g|| to increase the loss"),
            (_variant(ref, *args, clean=True), "every step's gradient is taken at the clean embeddings: take it at "
                                               "embeds + delta, the current perturbed point"),
            (_variant(ref, *args, project="end"), "delta was projected only once, after the last step: project onto "
                                                  "the eps-ball after every step"),
            (_variant(ref, *args, per_token=True), "the step is normalised and projected per token (norm over the "
                                                   "last axis): use the norm of the example's whole (S, d) gradient "
                                                   "and perturbation")]


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    X, M, W, b, y = _problem(110)
    for eps, alpha, steps in [(0.5, 0.2, 5), (1.0, 0.6, 3), (2.0, 0.1, 4)]:
        d0 = np.zeros_like(X)
        args = (X, M, W, b, y, eps, alpha, steps, d0)
        expect_array(student.pgd_perturbation(*args), reference.pgd_perturbation(*args),
                     f"pgd_perturbation(X of shape {X.shape}, eps={eps}, step_size={alpha}, steps={steps}, delta0=0)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, args))


@pytest.mark.points(0.75)
def test_projection_from_a_random_start(student, reference):
    X, M, W, b, y = _problem(111, B=5, S=4, d=6, C=2)
    rng = np.random.default_rng(112)
    d0 = rng.normal(size=X.shape) * 0.5                                  # some start outside the ball
    for eps, alpha, steps in [(0.3, 0.25, 2), (0.8, 0.5, 6)]:
        args = (X, M, W, b, y, eps, alpha, steps, d0)
        want = reference.pgd_perturbation(*args)
        expect_array(student.pgd_perturbation(*args), want,
                     f"pgd_perturbation(eps={eps}, step_size={alpha}, steps={steps}) from a random delta0",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, args))
    expect_array(student.pgd_perturbation(X, M, W, b, y, 0.3, 0.25, 0, d0), d0,
                 "pgd_perturbation(..., steps=0, delta0): zero steps return delta0 unchanged", rtol=0, atol=0)
    d32 = d0.astype(np.float32)
    got = student.pgd_perturbation(X, M, W, b, y, 0.3, 0.25, 0, d32)
    expect_dtype(got, np.float64, "pgd_perturbation(..., steps=0, delta0 of dtype float32)",
                 "return a new float64 array, np.array(delta0, dtype=np.float64), even when no step is taken (not "
                 "delta0 itself)")
    expect_array(got, d32.astype(np.float64), "pgd_perturbation(..., steps=0, float32 delta0)", rtol=0, atol=0)


@pytest.mark.points(0.5)
def test_longer_attack_with_padding(student, reference):
    X, M, W, b, y = _problem(113, B=6, S=7, d=4, C=4)
    args = (X, M, W, b, y, 1.5, 0.5, 8, np.zeros_like(X))
    got = student.pgd_perturbation(*args)
    expect_array(got, reference.pgd_perturbation(*args),
                 "pgd_perturbation(B=6, S=7 with padding, eps=1.5, step_size=0.5, steps=8)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(reference, args))


@pytest.mark.points(0.25)
def test_zero_gradient_large_ball_and_one_example(student, reference):
    X, M, W, b, y = _problem(114)
    d0 = np.random.default_rng(115).normal(scale=0.1, size=X.shape)
    args = (X, M, np.zeros_like(W), b, y, 0.5, 0.3, 3, d0)
    got = student.pgd_perturbation(*args)
    expect_true(not np.isnan(np.asarray(got, dtype=float)).any(),
                "pgd_perturbation with W = 0 (every gradient is exactly 0) returned nan: divide by "
                "max(||g_n||, 1e-8) so that a zero gradient gives a zero step")
    expect_array(got, reference.pgd_perturbation(*args), "pgd_perturbation with W = 0 (zero gradients: delta stays "
                                                         "delta0)", rtol=RTOL, atol=ATOL)
    args = (X, M, W, b, y, 100.0, 0.4, 3, np.zeros_like(X))
    expect_array(student.pgd_perturbation(*args), reference.pgd_perturbation(*args),
                 "pgd_perturbation(eps=100, step_size=0.4, steps=3) (the ball is never reached: no rescaling)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, args))
    args = (X[:1], M[:1], W, b, y[:1], 0.5, 0.2, 4, np.zeros_like(X[:1]))
    expect_array(student.pgd_perturbation(*args), reference.pgd_perturbation(*args),
                 "pgd_perturbation on a batch of one example (B=1)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(reference, args))


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    X, M, W, b, y = _problem(116)
    d0 = np.random.default_rng(117).normal(scale=0.5, size=X.shape)
    student.pgd_perturbation(X, M, W, b, y, 0.5, 0.2, 3, d0)
    expect_unchanged(student.last_call, "start from a copy, delta = np.array(delta0, dtype=np.float64); delta = delta0 "
                                        "followed by delta += ... changes the caller's delta0")
    student.pgd_perturbation(X, M, W, b, y, 0.5, 0.2, 0, d0)
    expect_new(student.last_call, "with steps=0 the docstring still asks for a new array: start from "
                                  "np.array(delta0, dtype=np.float64), a copy (np.asarray of a float64 delta0 is "
                                  "delta0 itself)")


@pytest.mark.points(0.25)
def test_random_attacks(student, reference):
    rng = np.random.default_rng(118)
    for _ in range(3):
        B, S, d, C = (int(n) for n in rng.integers(1, 6, size=4))
        X, M, W, b, y = _problem(int(rng.integers(1 << 30)), B, S, d, C + 1)
        eps, alpha, steps = float(rng.uniform(0.1, 2)), float(rng.uniform(0.05, 1)), int(rng.integers(0, 6))
        d0 = rng.normal(scale=float(rng.choice([0.0, 0.3, 2.0])), size=X.shape)
        args = (X, M, W, b, y, eps, alpha, steps, d0)
        expect_array(student.pgd_perturbation(*args), reference.pgd_perturbation(*args),
                     f"pgd_perturbation(X of shape {X.shape}, eps={eps:.3g}, step_size={alpha:.3g}, steps={steps}) "
                     "(random draw)", rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, args))
