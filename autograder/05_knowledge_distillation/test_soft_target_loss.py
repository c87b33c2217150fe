"""Hidden tests of soft_target_loss: T**2 * KL(teacher || student), reduction "batchmean",
as torch.nn.functional.kl_div(log_softmax(s / T), softmax(t / T), reduction="batchmean") * T**2.

soft_target_loss is graded on its own: its calls of log_softmax_with_temperature and softmax_with_temperature
are answered by the reference (student.with_reference); test_with_your_log_softmax checks them together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

HELPERS = ("log_softmax_with_temperature", "softmax_with_temperature")

RTOL, ATOL = 1e-8, 1e-12


def _pair(seed, n=6, c=10, scale=2.0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=scale, size=(n, c)), rng.normal(scale=scale, size=(n, c))


def _kl(q_logits, p_logits, T, reference):
    """Per-row KL(q || p) at temperature T, from the reference's log-softmax."""
    log_q = reference.log_softmax_with_temperature(q_logits, T)
    log_p = reference.log_softmax_with_temperature(p_logits, T)
    return (np.exp(log_q) * (log_q - log_p)).sum(-1)


def _mistakes(s, t, T, reference):
    n, c = s.shape
    kl_rows = _kl(t, s, T, reference)
    return [
        (kl_rows.mean(), f"the loss is 1/T^2 = 1/{T ** 2:g} of the expected value: multiply the KL divergence by T^2"),
        (_kl(s, t, T, reference).mean() * T ** 2,
         "this is KL(student || teacher): the divergence is KL(teacher || student) = sum q * (log q - log p), "
         "with q the teacher's soft targets"),
        (kl_rows.mean() * T ** 2 / c,
         f"the loss is 1/{c} of the expected value: 'batchmean' divides the summed KL by the number of rows N, "
         "not by N * C (that is reduction='mean')"),
        (kl_rows.sum() * T ** 2, "the loss is summed over the rows: divide by the number of rows N (batchmean)"),
        ((np.exp(reference.log_softmax_with_temperature(t, 1.0))
          * (reference.log_softmax_with_temperature(t, 1.0) - reference.log_softmax_with_temperature(s, T))
          ).sum(-1).mean() * T ** 2,
         "the teacher's probabilities are taken at T=1: apply the same temperature T to teacher and student"),
        ((np.exp(reference.log_softmax_with_temperature(t, T))
          * (reference.log_softmax_with_temperature(t, T) - reference.log_softmax_with_temperature(s, 1.0))
          ).sum(-1).mean() * T ** 2,
         "the student's probabilities are taken at T=1: apply the same temperature T to teacher and student"),
        (-(np.exp(reference.log_softmax_with_temperature(t, T)) * reference.log_softmax_with_temperature(s, T)
           ).sum(-1).mean() * T ** 2,
         "this is the soft cross-entropy -sum q log p: the loss is the KL divergence sum q (log q - log p), which "
         "also subtracts the teacher's entropy (so it is 0 when the student matches the teacher)"),
    ]


@pytest.mark.points(0.75)
def test_matches_torch_kl_div_batchmean(student, reference):
    s, t = _pair(30)
    T = 2.0
    want = reference.soft_target_loss(s, t, T)
    expect_array(student.with_reference(*HELPERS).soft_target_loss(s, t, T), want, "soft_target_loss(s, t, T=2) with s, t of shape (6, 10)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(s, t, T, reference))


@pytest.mark.points(0.75)
def test_temperature_scaling(student, reference):
    s, t = _pair(31, n=4, c=7)
    for T in (1.0, 4.0, 8.0):
        want = reference.soft_target_loss(s, t, T)
        mistakes = _mistakes(s, t, T, reference) if T != 1.0 else []
        expect_array(student.with_reference(*HELPERS).soft_target_loss(s, t, T), want, f"soft_target_loss(s, t, T={T:g}) with (4, 7) logits",
                     rtol=RTOL, atol=ATOL, mistakes=mistakes)


@pytest.mark.points(0.75)
def test_zero_only_when_student_matches_teacher(student, reference):
    s, t = _pair(32)
    expect_array(student.with_reference(*HELPERS).soft_target_loss(s, t, 3.0), reference.soft_target_loss(s, t, 3.0),
                 "soft_target_loss(s, t, T=3)", rtol=RTOL, atol=ATOL, mistakes=_mistakes(s, t, 3.0, reference))
    expect_array(student.with_reference(*HELPERS).soft_target_loss(t, t, 3.0), 0.0, "soft_target_loss(t, t, T=3)", rtol=0, atol=1e-10)
    shifted = t + 5.0  # softmax is shift-invariant: the same distributions
    expect_array(student.with_reference(*HELPERS).soft_target_loss(shifted, t, 3.0), 0.0, "soft_target_loss(t + 5, t, T=3)",
                 rtol=0, atol=1e-9)


@pytest.mark.points(0.75)
def test_stable_for_vocabulary_sized_logits(student, reference):
    rng = np.random.default_rng(33)
    s = rng.normal(scale=1e4, size=(3, 50))
    t = rng.normal(scale=1e4, size=(3, 50))
    want = reference.soft_target_loss(s, t, 2.0)
    expect_array(student.with_reference(*HELPERS).soft_target_loss(s, t, 2.0), want,
                 "soft_target_loss on logits of size 1e4 (shape (3, 50), T=2)", rtol=1e-8, atol=1e-6,
                 mistakes=_mistakes(s, t, 2.0, reference))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    s, t = _pair(34, n=3, c=5)
    got = student.with_reference(*HELPERS).soft_target_loss(s, t, 2.0)
    expect_unchanged(student.last_call, "`student_logits /= T` (or any in-place shift) changes the caller's arrays: "
                                        "compute new arrays")
    expect_array(got, reference.soft_target_loss(s, t, 2.0), "soft_target_loss(s, t, T=2) with (3, 5) logits",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(s, t, 2.0, reference))
    expect_python_float(got, "soft_target_loss(s, t, T=2)", "np.sum and np.float64 arithmetic return NumPy floats")


@pytest.mark.points(0.25)
def test_default_temperature_one_row_one_class(student, reference):
    proxy = student.with_reference(*HELPERS)
    s, t = _pair(35, n=5, c=6)
    expect_array(proxy.soft_target_loss(s, t), reference.soft_target_loss(s, t),
                 "soft_target_loss(s, t) with the default T=2", rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.soft_target_loss(s, t, T), f"these are the values for T={T:g}: the docstring's "
                            "default is T=2.0") for T in (1.0, 3.0, 4.0)] + _mistakes(s, t, 2.0, reference))
    s, t = _pair(36, n=1, c=8)
    expect_array(proxy.soft_target_loss(s, t, 3.0), reference.soft_target_loss(s, t, 3.0),
                 "soft_target_loss(s, t, T=3) with a single row (N=1)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(s, t, 3.0, reference)[:2])
    s, t = _pair(37, n=4, c=1)
    expect_array(proxy.soft_target_loss(s, t, 2.0), 0.0, "soft_target_loss(s, t, T=2) with a single class (C=1: "
                 "both distributions are [1])", rtol=0, atol=1e-12)


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(38)
    for case in range(4):
        n, c = int(rng.integers(1, 12)), int(rng.integers(2, 40))
        T = float(rng.uniform(0.5, 10.0))
        s, t = _pair(int(rng.integers(1000)), n=n, c=c, scale=float(10 ** rng.uniform(-1, 3)))
        expect_array(student.with_reference(*HELPERS).soft_target_loss(s, t, T), reference.soft_target_loss(s, t, T),
                     f"soft_target_loss(random ({n}, {c}) logits, T={T:.3g}) (case {case})", rtol=1e-8, atol=1e-9,
                     mistakes=_mistakes(s, t, T, reference))


@pytest.mark.points(0.25)
def test_with_your_log_softmax(student, reference):
    s, t = _pair(39, n=4, c=9)
    expect_array(student.soft_target_loss(s, t, 2.0), reference.soft_target_loss(s, t, 2.0),
                 "soft_target_loss(s, t, T=2) computed with YOUR log_softmax_with_temperature / "
                 "softmax_with_temperature", rtol=RTOL, atol=ATOL, mistakes=_mistakes(s, t, 2.0, reference))
