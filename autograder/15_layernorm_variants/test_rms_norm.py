"""Hidden tests of rms_norm (mirrors torch.nn.functional.rms_norm(x, (d,), gamma, eps) and
Hugging Face LlamaRMSNorm: x * rsqrt(mean(x**2) + eps) * gamma)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-9, 1e-11


def _mistakes(x, gamma, eps):
    ms = (x * x).mean(-1, keepdims=True)
    centred = x - x.mean(-1, keepdims=True)
    return [
        (centred / np.sqrt((centred ** 2).mean(-1, keepdims=True) + eps) * gamma,
         "the mean is subtracted: RMSNorm does not subtract the mean (that is LayerNorm); divide x by its RMS"),
        (x / (np.sqrt(ms) + eps) * gamma, "eps is added after the square root: RMS = sqrt(mean(x**2) + eps)"),
        (x / np.sqrt(ms) * gamma, "eps is left out: RMS = sqrt(mean(x**2) + eps) (without it a zero row gives 0 / 0)"),
        (x / np.sqrt((x * x).sum(-1, keepdims=True) + eps) * gamma,
         "x is divided by the root of the SUM of squares: RMS uses the mean of the squares over the d features"),
        (x / np.sqrt(ms + eps), "gamma is not applied: y = gamma * x / RMS(x)"),
        (x / np.sqrt(ms + eps) * (1 + gamma), "gamma is applied as (1 + gamma), Gemma's RMSNorm: torch's rms_norm "
                                              "and LlamaRMSNorm multiply by gamma itself, y = gamma * x / RMS(x)"),
        (x / np.sqrt(ms + 1e-6) * gamma, f"the eps argument (here {eps:g}) is ignored: use the eps you are given"),
    ]


@pytest.mark.points(0.25)
def test_matches_torch_rms_norm(student, reference):
    rng = np.random.default_rng(220)
    x = rng.normal(loc=1.5, size=(4, 16))
    gamma = 1 + 0.5 * rng.normal(size=16)
    expect_array(student.rms_norm(x, gamma, 1e-6), reference.rms_norm(x, gamma, 1e-6),
                 "rms_norm(x of shape (4, 16), gamma, eps=1e-6)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(x, gamma, 1e-6))


@pytest.mark.points(0.25)
def test_shapes_and_eps(student, reference):
    rng = np.random.default_rng(221)
    for shape, eps in [((2, 3, 5), 1e-2), ((7,), 1e-6), ((3, 4), 0.5)]:
        x = rng.normal(scale=0.3, size=shape)
        gamma = rng.normal(size=shape[-1])
        expect_array(student.rms_norm(x, gamma, eps), reference.rms_norm(x, gamma, eps),
                     f"rms_norm(x of shape {shape}, gamma, eps={eps:g})", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(x, gamma, eps))


@pytest.mark.points(0.25)
def test_zero_row_and_scale_invariance(student, reference):
    rng = np.random.default_rng(222)
    x = rng.normal(size=(3, 6))
    x[1] = 0.0
    gamma = rng.normal(size=6)
    got = student.rms_norm(x, gamma, 1e-6)
    expect_true(np.all(np.isfinite(np.asarray(got, dtype=float))),
                "rms_norm of a zero row must be 0, not nan: add eps inside the square root")
    expect_array(got, reference.rms_norm(x, gamma, 1e-6), "rms_norm(x with a zero row, gamma, eps=1e-6)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, gamma, 1e-6))
    expect_array(student.rms_norm(1000.0 * x, gamma, 1e-12), reference.rms_norm(x, gamma, 1e-12),
                 "rms_norm(1000 * x, gamma, eps=1e-12) (RMSNorm is invariant to rescaling a row)",
                 rtol=1e-8, atol=1e-9)


@pytest.mark.points(0.25)
def test_default_eps_empty_batch_and_dtype(student, reference):
    rng = np.random.default_rng(223)
    x = rng.normal(size=(3, 8))
    x[0] = 0.0
    gamma = rng.normal(size=8)
    defaults = [(reference.rms_norm(x, gamma, eps), f"the default eps is not 1e-6 (this is eps={eps:g}): use the "
                 "docstring's default eps=1e-6") for eps in (1e-5, 1e-8, 1e-12)]
    expect_array(student.rms_norm(x, gamma), reference.rms_norm(x, gamma),
                 "rms_norm(x with a zero row, gamma) with the default eps=1e-6", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(x, gamma, 1e-6) + defaults)
    what = "rms_norm of an empty batch, x of shape (0, 8) (the result is an empty (0, 8) array)"
    try:
        got = student.rms_norm(np.zeros((0, 8)), gamma, 1e-6)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_array(got, np.zeros((0, 8)), what, rtol=RTOL, atol=ATOL)
    got = student.rms_norm(x.astype(np.float32), gamma.astype(np.float32), 1e-6)
    expect_dtype(got, np.float64, "rms_norm of a float32 x", "np.asarray(x, dtype=np.float64) first")
    expect_array(got, reference.rms_norm(x.astype(np.float32), gamma.astype(np.float32), 1e-6),
                 "rms_norm of a float32 x", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(224)
    student.rms_norm(rng.normal(size=(2, 5)), rng.normal(size=5), 1e-6)
    expect_unchanged(student.last_call, "divide into a new array (x / rms, not x /= rms)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(225)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        x = rng.normal(loc=float(rng.normal()), scale=float(rng.choice([1e-4, 1.0, 1e3])), size=shape)
        gamma, eps = rng.normal(size=shape[-1]), float(rng.choice([1e-8, 1e-6, 1e-2]))
        expect_array(student.rms_norm(x, gamma, eps), reference.rms_norm(x, gamma, eps),
                     f"rms_norm(x of shape {shape}, gamma, eps={eps:g}) (random draw)", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(x, gamma, eps))
