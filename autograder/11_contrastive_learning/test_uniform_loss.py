"""Hidden tests of uniform_loss (Wang & Isola 2020: torch.pdist(x, p=2).pow(2).mul(-t).exp().mean().log()
on normalised rows: the distinct pairs i < j)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _unit(x, clamp=1e-12):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), clamp)


def _mistakes(x, t):
    f = _unit(x)
    n = len(f)
    sq_all = ((f[:, None] - f[None]) ** 2).sum(-1)
    i, j = np.triu_indices(n, 1)
    sq = sq_all[i, j]
    raw = ((x[:, None] - x[None]) ** 2).sum(-1)[i, j]
    f8 = _unit(x, 1e-8)
    sq8 = ((f8[i] - f8[j]) ** 2).sum(-1)
    z = -t * sq
    lse = z.max() + np.log(np.sum(np.exp(z - z.max())))
    with np.errstate(divide="ignore"):
        return [
            (lse - np.log(n * (n + 1) / 2), "the sum is divided by N (N + 1) / 2: there are N (N - 1) / 2 distinct "
                                            "pairs i < j"),
            (lse - np.log(n * (n - 1)), "the sum over the pairs i < j is divided by N (N - 1), the number of "
                                        "ordered pairs: divide by N (N - 1) / 2 (or average over all i != j)"),
            (lse - np.log(n * n), "the sum over the pairs i < j is divided by N^2: divide by the number of pairs "
                                  "i < j, N (N - 1) / 2"),
            (np.log(np.mean(np.exp(-t * sq8))) if np.isfinite(np.log(np.mean(np.exp(-t * sq8)))) else np.nan,
             "the norms are clamped at 1e-8: the docstring clamps at 1e-12 (max(norm, 1e-12)), so a row of norm "
             "1e-10 is still normalised to length 1"),
            (np.log(np.mean(np.exp(-t * (2 - 2 * (f[i] * f[j]).sum(-1))))),
             "the squared distance is computed as 2 - 2 f(x_i).f(x_j), which holds for unit vectors only: a zero row stays 0 after normalisation (distance 1 to a unit vector, not sqrt(2)); compute |f(x_i) - f(x_j)|^2 directly from the differences"),
            (np.log(np.mean(np.exp(-t * sq_all))),
             "the N self-pairs (i = i, distance 0) are included: average over the distinct pairs i < j only"),
            (np.mean(-t * sq), "this is the mean of the log (= -t * mean squared distance): uniformity is the log of "
                               "the mean of exp(-t * squared distance)"),
            (np.log(np.mean(np.exp(-t * np.sqrt(sq)))), "the distances are not squared: use exp(-t * |f(x_i) - f(x_j)|^2)"),
            (np.log(np.mean(np.exp(-t * raw))) if np.isfinite(np.log(np.mean(np.exp(-t * raw)))) else np.nan,
             "the embeddings are not normalised: divide each row by its L2 norm first"),
            (np.log(np.mean(np.exp(-2.0 * sq))) if t != 2 else np.nan, f"t is ignored: use exp(-t * ...) with t = {t:g}"),
        ]


@pytest.mark.points(0.75)
def test_matches_wang_isola(student, reference):
    rng = np.random.default_rng(150)
    x = rng.normal(size=(12, 5)) + 0.8
    want = reference.uniform_loss(x, 2.0)
    expect_array(student.uniform_loss(x, 2.0), want, "uniform_loss(x, t=2) with x of shape (12, 5)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, 2.0))


@pytest.mark.points(0.5)
def test_other_t_sizes_and_stability(student, reference):
    rng = np.random.default_rng(151)
    x = rng.normal(size=(9, 3)) * rng.uniform(0.1, 10.0, size=(9, 1))
    for t in (5.0, 0.5):
        want = reference.uniform_loss(x, t)
        expect_array(student.uniform_loss(x, t), want, f"uniform_loss(x, t={t:g}) with x of shape (9, 3)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, t))
    pair = rng.normal(size=(2, 4))
    expect_array(student.uniform_loss(pair, 3.0), reference.uniform_loss(pair, 3.0),
                 "uniform_loss on 2 embeddings (a single pair)", rtol=RTOL, atol=ATOL, mistakes=_mistakes(pair, 3.0))
    want = reference.uniform_loss(x, 1e4)
    expect_array(student.uniform_loss(x, 1e4), want, "uniform_loss(x, t=1e4) (every exp underflows without the max trick)",
                 rtol=1e-9, atol=1e-6, mistakes=_mistakes(x, 1e4))
    apart = np.vstack([np.eye(4), -np.eye(4)])     # every pair at squared distance 2 or 4
    expect_array(student.uniform_loss(apart, 1000.0), reference.uniform_loss(apart, 1000.0),
                 "uniform_loss(the 8 vectors +-e_k of R^4, t=1000) (every exp(-t |f(x_i) - f(x_j)|^2) is below 1e-868: "
                 "subtract the maximum before exp)", rtol=1e-9, atol=1e-6, mistakes=_mistakes(apart, 1000.0))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    x = np.random.default_rng(152).normal(size=(6, 4))
    got = student.uniform_loss(x, 2.0)
    expect_unchanged(student.last_call, "`x /= norm` normalises the caller's array: write f = x / norm")
    expect_array(got, reference.uniform_loss(x, 2.0), "uniform_loss(x, 2) with x of shape (6, 4)", rtol=RTOL,
                 atol=ATOL, mistakes=_mistakes(x, 2.0))


@pytest.mark.points(0.25)
def test_zero_rows_and_default_t(student, reference):
    x = np.random.default_rng(153).normal(size=(7, 3))
    x[2] = 0.0
    got = student.uniform_loss(x)
    what = "uniform_loss(x) with a zero row, default t=2"
    expect_true(got is not None and bool(np.all(np.isfinite(np.asarray(got, dtype=float)))),
                f"{what} is not finite: normalise with max(norm, 1e-12), so that a zero row stays 0 instead of 0 / 0")
    expect_array(got, reference.uniform_loss(x), what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, 2.0))
    expect_python_float(got, what, "NumPy's log and max return NumPy floats: wrap the result in float(...)")
    x[4] *= 1e-10           # a norm between 1e-12 and 1e-8: still normalised to length 1
    expect_array(student.uniform_loss(x), reference.uniform_loss(x), "uniform_loss(x) with a row of norm ~1e-10",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, 2.0))


@pytest.mark.points(0.25)
def test_random_embeddings(student, reference):
    rng = np.random.default_rng(154)
    for case in range(4):
        n, dim = int(rng.integers(2, 20)), int(rng.integers(1, 12))
        x = rng.normal(size=(n, dim)) * 10 ** rng.uniform(-2, 2, size=(n, 1))
        t = float(10 ** rng.uniform(-1, 3))
        expect_array(student.uniform_loss(x, t), reference.uniform_loss(x, t),
                     f"uniform_loss(random x of shape ({n}, {dim}), t={t:.3g}) (case {case})", rtol=1e-9, atol=1e-9,
                     mistakes=_mistakes(x, t))
