"""Hidden tests of symmetric_kl: KL(p||q) + KL(q||p), batchmean, from log-softmax (MT-DNN's SymKlCriterion)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

RTOL, ATOL = 1e-9, 1e-12


def _lsm(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _mistakes(P, Q):
    lp, lq = _lsm(P).reshape(-1, P.shape[-1]), _lsm(Q).reshape(-1, Q.shape[-1])
    p, q = np.exp(lp), np.exp(lq)
    n, c = lp.shape
    kl_pq, kl_qp = (p * (lp - lq)).sum() / n, (q * (lq - lp)).sum() / n
    return [(kl_pq, "this is KL(p || q) only: SMART's loss is symmetric, KL(p || q) + KL(q || p)"),
            (kl_qp, "this is KL(q || p) only: SMART's loss is symmetric, KL(p || q) + KL(q || p)"),
            ((kl_pq + kl_qp) / 2, "the two directions are averaged: add them, KL(p || q) + KL(q || p)"),
            ((kl_pq + kl_qp) / c, f"the result is 1/{c} of the expected value: 'batchmean' divides by the number of "
                                  "rows, not rows x classes"),
            ((kl_pq + kl_qp) * n, "the divergence is summed over the rows: average it over the rows (batchmean)")] + (
        [((kl_pq + kl_qp) * n / P.shape[0], f"the divergence is divided by the first axis ({P.shape[0]}): every leading "
                                             f"axis holds rows, so divide by all {n} of them")] if P.ndim > 2 else [])


@pytest.mark.points(0.5)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(130)
    for shape, scale in [((6, 4), 2.0), ((3, 5, 7), 1.0), ((10, 2), 4.0)]:
        P, Q = rng.normal(scale=scale, size=(2,) + shape)
        expect_array(student.symmetric_kl(P, Q), reference.symmetric_kl(P, Q),
                     f"symmetric_kl(logits of shape {shape})", rtol=RTOL, atol=ATOL, mistakes=_mistakes(P, Q))


@pytest.mark.points(0.5)
def test_stable_and_zero_for_equal_distributions(student, reference):
    rng = np.random.default_rng(131)
    P = rng.normal(scale=1e4, size=(4, 6))
    Q = rng.normal(scale=1e4, size=(4, 6))
    expect_array(student.symmetric_kl(P, Q), reference.symmetric_kl(P, Q),
                 "symmetric_kl(logits of size ~1e4, shape (4, 6))", rtol=1e-9, atol=1e-6, mistakes=_mistakes(P, Q))
    expect_array(student.symmetric_kl(P, P - 7.0), 0.0,
                 "symmetric_kl(P, P - 7) (softmax is shift-invariant: the same distributions)", rtol=0, atol=1e-9)


@pytest.mark.points(0.5)
def test_one_row_one_class_and_types(student, reference):
    rng = np.random.default_rng(132)
    P, Q = rng.normal(size=(2, 5))
    want = reference.symmetric_kl(P, Q)
    expect_array(student.symmetric_kl(P, Q), want, "symmetric_kl of 1-D logits of shape (5,) (one row)", rtol=RTOL,
                 atol=ATOL, mistakes=[(want / 5, "a 1-D input is ONE row of 5 classes: divide by the number of rows "
                                                 "(1), i.e. reshape to (-1, C) before counting rows"),
                                      (0.0, "a 1-D input is ONE row of 5 classes, not 5 rows of one class: the "
                                            "softmax runs over its 5 values (reshape(1, -1), not reshape(-1, 1))")])
    expect_array(student.symmetric_kl(rng.normal(size=(4, 1)), rng.normal(size=(4, 1))), 0.0,
                 "symmetric_kl with C=1 class (both distributions are [1]: divergence 0)", rtol=0, atol=1e-12)
    P, Q = rng.normal(size=(2, 3, 4)).astype(np.float32)
    got = student.symmetric_kl(P, Q)
    expect_array(got, reference.symmetric_kl(P, Q), "symmetric_kl of float32 logits (computed in float64)",
                 rtol=1e-9, atol=1e-12)
    expect_python_float(got, "symmetric_kl(P, Q)", "np.sum, np.mean and np.log return NumPy floats")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    P, Q = np.random.default_rng(133).normal(size=(2, 3, 4))
    student.symmetric_kl(P, Q)
    expect_unchanged(student.last_call, "subtract the row maximum into a new array (z = z - z.max(...), never "
                                        "logits_p -= ...)")


@pytest.mark.points(0.25)
def test_random_logits(student, reference):
    rng = np.random.default_rng(134)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        scale = float(rng.choice([0.01, 1.0, 30.0, 1e3]))
        P, Q = rng.normal(scale=scale, size=(2,) + shape)
        expect_array(student.symmetric_kl(P, Q), reference.symmetric_kl(P, Q),
                     f"symmetric_kl(logits of shape {shape} and size ~{scale:g}) (random draw)", rtol=1e-9, atol=1e-9,
                     mistakes=_mistakes(P, Q) if len(shape) > 1 else [])
