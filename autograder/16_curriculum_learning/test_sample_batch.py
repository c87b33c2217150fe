"""Hidden tests of sample_batch: uniform sampling, with given draws, among the examples whose difficulty CDF
is <= the competence (symphony-mt's DifficultyBasedCurriculum.samplesFilter: tf.lessEqual(difficulty, c))."""
import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged
from coursekit.sandbox import StudentCodeError


def _variant(cdf, c, u, *, strict=False, positions=False, everything=False, rounding=np.floor, fallback=True, tol=0.0,
             by_difficulty=False, scale_offset=0):
    cdf = np.asarray(cdf, dtype=float)
    thr = (max(c, cdf.min()) if fallback else c) + tol
    eligible = np.arange(cdf.size) if everything else np.flatnonzero(cdf < thr if strict else cdf <= thr)
    if by_difficulty:                                                 # easiest first instead of index order
        eligible = eligible[np.argsort(cdf[eligible], kind="stable")]
    if eligible.size == 0:
        return None
    k = np.minimum(rounding(u * (eligible.size + scale_offset)).astype(int), eligible.size - 1)
    return k if positions else eligible[k]


def _mistakes(cdf, c, u):
    cands = [
        (dict(strict=True), "examples with cdf exactly equal to the competence are left out: they are eligible, "
                            "cdf <= competence"),
        (dict(positions=True), "these are positions in the eligible list: return indices into the whole dataset, "
                               "eligible[floor(u * len(eligible))]"),
        (dict(everything=True), "the batch is drawn from every example: only examples with cdf <= competence are eligible"),
        (dict(rounding=np.round), "u * len(eligible) is rounded: take the floor, so that every eligible example "
                                  "has the same probability"),
        (dict(by_difficulty=True), "the eligible examples are listed from easiest to hardest (argsort of the cdf): "
                                   "list them in increasing index order, np.flatnonzero(cdf <= c)"),
        (dict(scale_offset=-1), "u is scaled by len(eligible) - 1, so the last eligible example is (almost) never "
                                "drawn: take eligible[floor(u * len(eligible))] (u < 1 keeps the index in range)"),
        (dict(tol=1e-6), "an example whose cdf is slightly above the competence was sampled (a tolerance such as "
                         "cdf <= c + 1e-6 or np.isclose): compare cdf <= c exactly"),
    ]
    out = []
    for kw, msg in cands:
        v = _variant(cdf, c, u, **kw)
        if v is not None:
            out.append((v, msg))
    return out


def _cdf(seed, m):
    d = np.random.default_rng(seed).integers(1, 20, size=m).astype(float)
    return np.searchsorted(np.sort(d), d, side="right") / m


def _check(student, reference, cdf, c, u, what):
    got = student.sample_batch(cdf, c, u)
    want = reference.sample_batch(cdf, c, u)
    arr = np.asarray(got)
    expect_true(arr.dtype.kind in "iu", f"{what} returned values of dtype {arr.dtype}: return integer indices (int64)")
    expect_array(arr, want, what, rtol=0, atol=0, mistakes=_mistakes(cdf, c, u))


@pytest.mark.points(0.5)
def test_competence_filters_examples(student, reference):
    cdf = _cdf(320, 40)
    u = np.random.default_rng(321).random(64)
    for c in (0.3, 0.75):
        _check(student, reference, cdf, c, u, f"sample_batch(cdf of 40 examples, c={c}, 64 uniform draws)")
    other = _cdf(329, 40)                                             # a second corpus of the same size, same c
    for c in (0.3, 0.75):
        what = f"sample_batch(another cdf of 40 examples, c={c}, 64 uniform draws) (after the calls above)"
        stale = reference.sample_batch(cdf, c, u)
        want = reference.sample_batch(other, c, u)
        got = student.sample_batch(other, c, u)
        expect_array(got, want, what, rtol=0, atol=0, mistakes=[
            (stale, "this is the batch of the earlier call with the same c and another cdf: do not keep state "
                    "(a cache, a global) between calls; compute the eligible set from the cdf you are given")]
            + _mistakes(other, c, u))


@pytest.mark.points(0.5)
def test_ties_at_the_threshold_and_full_competence(student, reference):
    cdf = np.array([0.2, 0.6, 0.4, 1.0, 0.6, 0.2, 0.8, 0.4, 1.0, 0.6])
    u = np.linspace(0, 0.999, 25)
    _check(student, reference, cdf, 0.6, u, "sample_batch(cdf with values 0.2 ... 1.0, c=0.6 (equal to some cdf values))")
    _check(student, reference, cdf, 1.0, u, "sample_batch(cdf, c=1.0): every example is eligible")
    _check(student, reference, cdf, 0.6 - 1e-9, u,
           "sample_batch(cdf, c=0.6 - 1e-9) (the examples with cdf 0.6 are just above c: not eligible)")


@pytest.mark.points(0.5)
def test_no_eligible_example_falls_back_to_easiest(student, reference):
    cdf = _cdf(322, 30)
    u = np.random.default_rng(323).random(20)
    _check(student, reference, cdf, 0.5, u, "sample_batch(cdf of 30 examples, c=0.5, 20 draws)")
    low = float(cdf.min()) / 2
    what = (f"sample_batch(cdf, c={low:.4f}) where no example has cdf <= c (when none is eligible, sample among "
            "the examples with the smallest cdf)")
    try:
        got = student.sample_batch(cdf, low, u)
    except StudentCodeError as exc:
        raise Mismatch(f"{what} raised an error: {exc}") from None
    if np.size(got) != u.size:
        raise Mismatch(f"{what} returned {np.size(got)} indices instead of {u.size}: the eligible set was empty; "
                       "use the examples with the smallest cdf")
    first_easiest = np.full(u.size, int(np.argmin(cdf)))
    expect_array(got, reference.sample_batch(cdf, low, u), what, rtol=0, atol=0, mistakes=[
        (first_easiest, "every draw gives the one example np.argmin(cdf) returns: the fallback is ALL the examples "
                        "with the smallest cdf (cdf == cdf.min()), sampled like the eligible ones")])


@pytest.mark.points(0.5)
def test_empty_batch_boundaries_and_int64(student, reference):
    cdf = _cdf(324, 20)
    what = "sample_batch(cdf, c=0.5, no draws) (B=0: an empty int64 array)"
    try:
        got = student.sample_batch(cdf, 0.5, np.zeros(0))
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_true(isinstance(got, np.ndarray) and got.dtype == np.int64 and got.shape == (0,),
                f"{what} returned {got!r}: return np.array of dtype int64 and shape (0,)")
    u = np.array([0.0, 0.5, 0.999999999])
    _check(student, reference, cdf, float(cdf.min()), u,
           "sample_batch(cdf, c = the smallest cdf value, u = [0, 0.5, 0.999999999]) (only the easiest examples)")
    what = "sample_batch(cdf, c=0.5, u = [0.3]) (B=1: an int64 array of shape (1,))"
    got = student.sample_batch(cdf, 0.5, np.array([0.3]))
    expect_true(isinstance(got, np.ndarray) and got.shape == (1,),
                f"{what} returned {got!r}: a batch of one is still an array of shape (B,) = (1,), not a 0-d array "
                "(no squeeze, no int(...))")
    expect_array(got, reference.sample_batch(cdf, 0.5, np.array([0.3])), what, rtol=0, atol=0)
    got = student.sample_batch(cdf, 0.7, np.random.default_rng(325).random(10))
    expect_dtype(got, np.int64, "sample_batch", "an array of indices")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    cdf = _cdf(326, 15)
    student.sample_batch(cdf, 0.4, np.random.default_rng(327).random(8))
    expect_unchanged(student.last_call, "select the eligible examples with a new array (np.flatnonzero(cdf <= c)); "
                                        "never overwrite cdf or the draws")


@pytest.mark.points(0.5)
def test_random_curricula(student, reference):
    rng = np.random.default_rng(328)
    for _ in range(3):
        m = int(rng.integers(1, 50))
        cdf = _cdf(int(rng.integers(1 << 30)), m)
        c = float(rng.choice([0.0, float(rng.uniform()), float(rng.choice(cdf)), 1.0]))
        u = rng.random(int(rng.integers(1, 40)))
        _check(student, reference, cdf, c, u, f"sample_batch(cdf of {m} examples, c={c:.4g}, {u.size} draws) (random draw)")
