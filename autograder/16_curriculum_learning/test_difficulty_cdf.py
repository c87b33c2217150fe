"""Hidden tests of difficulty_cdf: the empirical CDF of the scores at every example (Platanios et al.;
symphony-mt's SentenceScoreHistogram.cdfScore), i.e. np.searchsorted(np.sort(d), d, side="right") / M."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-12, 1e-12


def _mistakes(d):
    m = d.size
    order = np.argsort(d, kind="stable")
    rank = np.empty(m)
    rank[order] = np.arange(m)
    s = np.sort(d)
    out = [
        (np.searchsorted(s, d, side="left") / m, "this counts the scores strictly below d_i: the CDF counts the "
                                                 "scores <= d_i, so the hardest example gets 1"),
        ((rank + 1) / m, "tied scores get different values: tied scores must get the same CDF value, the "
                         "fraction of scores <= d_i"),
        (rank / m, "the values start at 0 and tied scores differ: cdf[i] = (number of scores <= d_i) / M"),
        (np.searchsorted(s, d, side="right") / (m + 1), "the count is divided by M + 1: divide by M"),
        (np.sort(np.searchsorted(s, d, side="right") / m), "the CDF values are sorted: return them in the order "
                                                           "of the examples"),
    ]
    d32 = d.astype(np.float32)
    out.append((np.searchsorted(np.sort(d32), d32, side="right") / m, "close but different scores are counted as ties: "
                "they were compared in float32; compare the scores in float64"))
    with np.errstate(invalid="ignore"):
        close = np.isclose(d[None, :], d[:, None])                      # ties within a tolerance
    out.append((((d[None, :] <= d[:, None]) | close).sum(axis=1) / m if m else np.zeros(0),
                "scores within np.isclose's tolerance of each other are counted as ties: compare the scores "
                "exactly (d_j <= d_i, no tolerance)"))
    if np.ptp(d) > 0:
        out.append(((d - d.min()) / np.ptp(d), "this is min-max scaling of the scores, not their empirical CDF"))
        out.append((d / d.max(), "this divides by the largest score, not the empirical CDF"))
    return out


@pytest.mark.points(0.5)
def test_distinct_scores(student, reference):
    d = np.random.default_rng(310).gamma(2.0, 10.0, size=25)
    expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d), "difficulty_cdf(25 distinct scores)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))


@pytest.mark.points(0.5)
def test_tied_scores(student, reference):
    d = np.random.default_rng(311).integers(3, 9, size=30).astype(float)   # lengths: many ties
    expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d), "difficulty_cdf(30 lengths with ties)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))


@pytest.mark.points(0.5)
def test_single_and_constant(student, reference):
    expect_array(student.difficulty_cdf(np.array([4.2])), np.array([1.0]), "difficulty_cdf([4.2])",
                 rtol=RTOL, atol=ATOL, mistakes=[(np.array([4.2]), "this is the score itself: a single example is "
                                                  "the hardest, its CDF is 1 (1 score <= it, divided by M = 1)")])
    d = np.full(6, 7.0)
    expect_array(student.difficulty_cdf(d), np.ones(6), "difficulty_cdf of 6 equal scores (all tied: every value is 1)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))
    d = np.array([3.0, -1.0, 2.5, -1.0, 10.0, 0.0])
    expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d), "difficulty_cdf([3, -1, 2.5, -1, 10, 0])",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))
    d = np.array([3e-9, 1e-9, 2.5e-9, -4e-9, 2e-9, 1e-9])                # tiny scores, distinct in float32 too
    expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d),
                 "difficulty_cdf([3e-9, 1e-9, 2.5e-9, -4e-9, 2e-9, 1e-9]) (tiny but distinct scores)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))
    d = np.array([100.000001, 100.0, 3.0, 100.0000002, 16777217.0, 16777216.0])
    expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d),
                 "difficulty_cdf([100.000001, 100, 3, 100.0000002, 16777217, 16777216]) (close but distinct scores)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d))


@pytest.mark.points(0.5)
def test_empty_and_integer_scores(student, reference):
    what = "difficulty_cdf of no scores (an empty array of shape (0,) in, an empty float64 array out)"
    try:
        got = student.difficulty_cdf(np.zeros(0))
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_array(got, np.zeros(0), what, rtol=0, atol=0)
    what = "difficulty_cdf(np.array([], dtype=np.int64)) (no integer scores)"
    try:
        got = student.difficulty_cdf(np.zeros(0, dtype=np.int64))
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_true(isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == (0,),
                f"{what} returned {got!r}: no integer scores still give an empty float64 array (convert with "
                "np.asarray(scores, dtype=np.float64); do not return the scores you were given)")
    d = np.array([5, 3, 9, 3, 12, 5, 5])
    got = student.difficulty_cdf(d)
    expect_dtype(got, np.float64, "difficulty_cdf of integer scores")
    expect_array(got, reference.difficulty_cdf(d), "difficulty_cdf of integer scores (sentence lengths)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(d.astype(float)))


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    d = np.random.default_rng(312).gamma(2.0, 10.0, size=12)
    student.difficulty_cdf(d)
    expect_unchanged(student.last_call, "sort a copy (np.sort(scores)), never the scores you are given "
                                        "(scores.sort() sorts the caller's array)")


@pytest.mark.points(0.5)
def test_random_scores(student, reference):
    rng = np.random.default_rng(313)
    for _ in range(3):
        m = int(rng.integers(1, 60))
        d = rng.integers(0, int(rng.integers(1, 30)), size=m).astype(float) if rng.random() < 0.5 \
            else rng.normal(scale=float(rng.choice([1e-3, 1.0, 1e6])), size=m)
        expect_array(student.difficulty_cdf(d), reference.difficulty_cdf(d),
                     f"difficulty_cdf({m} scores, {np.unique(d).size} distinct) (random draw)", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(d))
