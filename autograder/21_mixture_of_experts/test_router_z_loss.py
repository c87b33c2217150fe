"""Hidden tests of router_z_loss (mirrors transformers' router_z_loss_func: mean of logsumexp^2)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_float64_accuracy, expect_python_float, expect_unchanged

RTOL, ATOL = 1e-12, 1e-12


def _lse(z):
    m = z.max(-1)
    return m + np.log(np.exp(z - m[..., None]).sum(-1))


def _mistakes(z):
    lse = _lse(z)
    return [((lse ** 2).sum(), "the squared log-sum-exps are summed: take the MEAN over the G*S tokens"),
            (np.mean(lse) ** 2, "the mean is squared: square each token's log-sum-exp, then average"),
            (np.mean(z.max(-1) ** 2), "only the largest logit is used: the loss is logsumexp over the experts, squared"),
            (np.mean((z ** 2).sum(-1)), "this is the squared logits: the z-loss squares logsumexp(logits)"),
            (np.mean(lse), "this is the mean log-sum-exp, not squared: square each token's logsumexp, then average")]


@pytest.mark.points(0.5)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(40)
    for shape in [(2, 7, 4), (1, 5, 16)]:
        z = rng.normal(scale=3.0, size=shape)
        expect_array(student.router_z_loss(z), reference.router_z_loss(z),
                     f"router_z_loss(logits of shape {shape})", rtol=RTOL, atol=ATOL, mistakes=_mistakes(z))


@pytest.mark.points(0.5)
def test_stable_for_large_logits(student, reference):
    rng = np.random.default_rng(41)
    z = rng.normal(scale=3.0, size=(2, 4, 8)) + 900.0        # exp(900) overflows float64
    z[0, 0] -= 1800.0                                         # and very negative logits
    expect_array(student.router_z_loss(z), reference.router_z_loss(z),
                 "router_z_loss(logits around +900 and -900)", rtol=RTOL, atol=1e-6, mistakes=_mistakes(z))


@pytest.mark.points(0.5)
def test_one_expert_zero_logits_and_type(student, reference):
    rng = np.random.default_rng(42)
    z = rng.normal(size=(2, 3, 1))
    expect_array(student.router_z_loss(z), np.mean(z ** 2), "router_z_loss with N=1 expert (logsumexp of one logit is "
                                                            "the logit itself)", rtol=RTOL, atol=ATOL)
    got = student.router_z_loss(np.zeros((2, 4, 8)))
    expect_array(got, np.log(8.0) ** 2, "router_z_loss of all-zero logits over 8 experts (logsumexp = log 8)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(np.zeros((2, 4, 8))))
    expect_python_float(got, "router_z_loss(logits)", "np.sum, np.mean and np.log return NumPy floats")
    z32 = rng.normal(scale=3.0, size=(2, 5, 6)).astype(np.float32)
    want = reference.router_z_loss(z32)
    got = student.router_z_loss(z32)
    expect_float64_accuracy(got, want, "router_z_loss of float32 logits", "convert the logits to float64 "
                            "(np.asarray(router_logits, dtype=np.float64)) before the log-sum-exp", rtol=1e-12,
                            atol=0.0, float32_rtol=1e-5, float32_atol=0.0)
    expect_array(got, want, "router_z_loss of float32 logits", rtol=RTOL, atol=ATOL, mistakes=_mistakes(z32.astype(np.float64)))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.router_z_loss(np.random.default_rng(43).normal(scale=3.0, size=(2, 3, 4)))
    expect_unchanged(student.last_call, "subtract the maximum into a new array (never router_logits -= m)")


@pytest.mark.points(0.25)
def test_random_logits(student, reference):
    rng = np.random.default_rng(44)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 7, size=3))
        z = rng.normal(scale=float(rng.choice([0.1, 3.0, 50.0])), size=shape) + float(rng.choice([0.0, -500.0, 800.0]))
        expect_array(student.router_z_loss(z), reference.router_z_loss(z),
                     f"router_z_loss(logits of shape {shape}) (random draw)", rtol=1e-11, atol=1e-9, mistakes=_mistakes(z))
