"""Hidden tests of fgm_perturbation: r_n = eps * g_n / ||g_n||_2 with one L2 norm per example."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_unchanged

RTOL, ATOL = 1e-10, 1e-13


def _norm(g):
    return np.sqrt((g.reshape(g.shape[0], -1) ** 2).sum(axis=1)).reshape((-1,) + (1,) * (g.ndim - 1))


def _mistakes(g, eps):
    n = _norm(g)
    safe = np.where(n > 0, n, 1.0)
    out = [(eps * g / np.sqrt((g ** 2).sum()),
            "the gradient is divided by one norm over the whole batch: normalise each example by its own L2 norm "
            "(over its S x d entries)"),
           (eps * np.sign(g), "this is the sign of the gradient (an L-infinity step, FGSM): FGM uses the L2-normalised "
                              "gradient eps * g / ||g||"),
           (-eps * g / safe, "the perturbation points downhill: r = +eps * g / ||g|| increases the loss"),
           (eps * g, "the gradient is not normalised: divide it by its L2 norm")]
    for tiny in (1e-8, 1e-6, 1e-12):
        out += [(eps * g / (n + tiny), f"a small constant is added to the norm (||g|| + {tiny:g}): an example whose "
                                       "gradient is tiny but not zero must still get a perturbation of norm eps; "
                                       "divide by the norm itself, and give r = 0 only where the norm is 0"),
                (eps * g / np.maximum(n, tiny), f"the norm is clamped at {tiny:g}: an example whose gradient is tiny "
                                                "but not zero must still get a perturbation of norm eps; divide by the "
                                                "norm itself, and give r = 0 only where the norm is 0"),
                (np.where(n > tiny, eps * g / safe, 0.0), f"an example whose gradient norm is below {tiny:g} got r = 0: "
                                                         "only an all-zero gradient gives r = 0; a tiny but nonzero "
                                                         "one still gets a perturbation of norm eps (test norm > 0)")]
    if g.ndim == 3:
        tok = np.sqrt((g ** 2).sum(axis=-1, keepdims=True))
        out.append((eps * g / np.where(tok > 0, tok, 1.0),
                    "each token is normalised separately: use one norm per example over all its tokens and dimensions"))
    return out


@pytest.mark.points(0.5)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(100)
    for shape, eps in [((4, 6, 5), 1.0), ((3, 2, 7), 0.3), ((5, 8), 2.5)]:
        g = rng.normal(size=shape) * rng.uniform(0.01, 10, size=(shape[0],) + (1,) * (len(shape) - 1))
        expect_array(student.fgm_perturbation(g, eps), reference.fgm_perturbation(g, eps),
                     f"fgm_perturbation(grad of shape {shape}, eps={eps})", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(g, eps))


@pytest.mark.points(0.5)
def test_zero_and_tiny_gradients(student, reference):
    rng = np.random.default_rng(101)
    g = rng.normal(size=(4, 4, 2))
    g[1] = 0.0
    g[2] *= 1e-12
    g[3] *= 1e-100
    want = reference.fgm_perturbation(g, 0.7)
    expect_array(student.fgm_perturbation(g, 0.7), want,
                 "fgm_perturbation(grad with an all-zero example, which gets r = 0, and tiny ones, of norms ~1e-12 and "
                 "~1e-100, which get a perturbation of norm eps, eps=0.7)",
                 rtol=1e-9, atol=1e-12, mistakes=_mistakes(g, 0.7))


@pytest.mark.points(0.5)
def test_any_number_of_axes_one_example_and_dtype(student, reference):
    rng = np.random.default_rng(102)
    for shape in [(1, 5, 3), (4, 3), (2, 3, 2, 4), (3,)]:
        g = rng.normal(size=shape)
        what = f"fgm_perturbation(grad of shape {shape}, eps=0.5)"
        try:
            got = student.fgm_perturbation(g, 0.5)
        except StudentCodeError as exc:
            raise Mismatch(f"{what}: your code failed ({exc}); grad may have any shape (B, ...): take one norm per "
                           "example over all its other axes (g.reshape(B, -1))") from None
        expect_array(got, reference.fgm_perturbation(g, 0.5), what + " (grad may have any shape (B, ...))",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(g, 0.5) if len(shape) > 1 else [])
    got = student.fgm_perturbation(rng.normal(size=(2, 3, 4)).astype(np.float32), 1.0)
    expect_dtype(got, np.float64, "fgm_perturbation of a float32 grad", "np.asarray(grad, dtype=np.float64) first")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    g = np.random.default_rng(103).normal(size=(3, 4, 2))
    g[1] = 0.0
    student.fgm_perturbation(g, 0.5)
    expect_unchanged(student.last_call, "return eps * g / norm as a new array (never grad /= norm)")


@pytest.mark.points(0.25)
def test_random_gradients(student, reference):
    rng = np.random.default_rng(104)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(2, 4))))
        g = rng.normal(size=shape) * 10.0 ** rng.integers(-6, 6, size=(shape[0],) + (1,) * (len(shape) - 1))
        g[rng.random(shape[0]) < 0.2] = 0.0
        eps = float(rng.uniform(0.01, 3.0))
        expect_array(student.fgm_perturbation(g, eps), reference.fgm_perturbation(g, eps),
                     f"fgm_perturbation(grad of shape {shape}, eps={eps:.4g}) (random draw)", rtol=1e-9, atol=1e-12,
                     mistakes=_mistakes(g, eps))
