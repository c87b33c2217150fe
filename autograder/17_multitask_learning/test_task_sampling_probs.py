"""Hidden tests of task_sampling_probs: p_i proportional to n_i ** (1 / T), computed in log space
(fairseq's temperature_sampling, normalised)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-13
GLUE = [393000, 364000, 108000, 67000, 8500, 7000, 3700, 2500]


def _zero_stays_zero(got, sizes, what):
    empty = np.asarray(sizes) == 0
    arr = np.asarray(got, dtype=float) if isinstance(got, (list, tuple, np.ndarray)) else None
    if arr is not None and arr.shape == empty.shape and empty.any() and np.all(np.isfinite(arr)):
        expect_true(np.all(arr[empty] == 0), f"{what}: a task of size 0 got probability {arr[empty].max():.3g}: it "
                                             "must be exactly 0 (log(0) = -inf, exp(-inf) = 0); do not add an eps "
                                             "or clamp the sizes")


def _mistakes(sizes, T):
    n = np.asarray(sizes, dtype=float)
    out = []
    with np.errstate(all="ignore"):
        power_T = n ** T / np.sum(n ** T)
        out.append((power_T, "the sizes are raised to the power T: use n ** (1 / T), so that a larger T flattens"))
        unnormalised = (n / n.sum()) ** (1.0 / T)
        out.append((unnormalised, "the probabilities do not sum to 1: renormalise (n_i / N) ** (1 / T) by its sum "
                                  "over the tasks"))
        out.append((n / n.sum(), "the temperature is ignored: this is proportional sampling (T = 1)"))
        out.append((n ** (1.0 / T), "the weights n ** (1 / T) are not normalised: divide by their sum"))
    return out


@pytest.mark.points(0.5)
def test_matches_reference_for_several_temperatures(student, reference):
    for sizes, T in [(GLUE, 2.0), (GLUE, 5.0), ([120, 30, 7, 1000], 3.0), ([50, 50, 200], 0.5)]:
        want = reference.task_sampling_probs(sizes, T)
        expect_array(student.task_sampling_probs(sizes, T), want,
                     f"task_sampling_probs({sizes}, T={T})", rtol=RTOL, atol=ATOL, mistakes=_mistakes(sizes, T))


@pytest.mark.points(0.5)
def test_limits_and_empty_tasks(student, reference):
    sizes = [5, 500, 50000]
    expect_array(student.task_sampling_probs(sizes, 1.0), np.array(sizes) / sum(sizes),
                 f"task_sampling_probs({sizes}, T=1) (proportional)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(sizes, 1.0))
    expect_array(student.task_sampling_probs(sizes, 1e8), np.full(3, 1 / 3),
                 f"task_sampling_probs({sizes}, T=1e8) (uniform)", rtol=1e-6, atol=1e-9,
                 mistakes=_mistakes(sizes, 1e8))
    huge = [0, 5, 500, 0]
    expect_array(student.task_sampling_probs(huge, 1e8), np.array([0.0, 0.5, 0.5, 0.0]),
                 f"task_sampling_probs({huge}, T=1e8) (uniform over the non-empty tasks)", rtol=1e-6, atol=0,
                 mistakes=[(np.full(4, 0.25), "every task got 1/K, the empty ones too: a task of size 0 keeps "
                                              "probability exactly 0 at every T, even a huge one (only the non-empty "
                                              "tasks become uniform)")])
    with_empty = [0, 40, 10, 0]
    got = student.task_sampling_probs(with_empty, 2.0)
    _zero_stays_zero(got, with_empty, f"task_sampling_probs({with_empty}, T=2)")
    expect_array(got, reference.task_sampling_probs(with_empty, 2.0),
                 f"task_sampling_probs({with_empty}, T=2): empty tasks get probability 0", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(with_empty, 2.0))


@pytest.mark.points(0.5)
def test_stable_for_small_temperature(student, reference):
    for T in (0.25, 0.01):
        want = reference.task_sampling_probs(GLUE, T)
        expect_array(student.task_sampling_probs(GLUE, T), want,
                     f"task_sampling_probs(GLUE sizes, T={T}) (n ** (1/T) overflows float64 at T=0.01)",
                     rtol=1e-9, atol=1e-13, mistakes=_mistakes(GLUE, T))
    tiny = [3e-6, 1e-6, 0.0, 2e-6]                                    # fractional sizes: n ** (1/T) underflows
    with np.errstate(all="ignore"):
        n = np.asarray(tiny)
        naive = n ** 100.0 / np.sum(n ** 100.0)
    expect_array(student.task_sampling_probs(tiny, 0.01), reference.task_sampling_probs(tiny, 0.01),
                 "task_sampling_probs([3e-6, 1e-6, 0, 2e-6], T=0.01) (n ** (1/T) underflows to 0 for small sizes)",
                 rtol=1e-9, atol=1e-13,
                 mistakes=[(naive, "n ** (1/T) underflows to 0 for every task and 0 / 0 = nan: divide by the largest "
                                   "size first, or work in log space (log(n) / T minus its maximum)")])


@pytest.mark.points(0.5)
def test_default_temperature_one_task_and_dtypes(student, reference):
    sizes = np.array([30, 10, 60])
    expect_array(student.task_sampling_probs(sizes), np.array([0.3, 0.1, 0.6]),
                 "task_sampling_probs(np.array([30, 10, 60])) with the default T=1 (proportional)", rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.task_sampling_probs(sizes, T), f"this is the result for T={T:g}: the default "
                            "temperature is T=1.0 (proportional sampling)") for T in (2.0, 5.0, 0.5, 3.0)]
                 + _mistakes(sizes, 1.0))
    expect_array(student.task_sampling_probs([4200], 3.0), np.ones(1), "task_sampling_probs([4200], T=3) (one task)",
                 rtol=RTOL, atol=ATOL)
    sizes = [0, 0, 12, 0]
    expect_array(student.task_sampling_probs(sizes, 0.01), np.array([0.0, 0.0, 1.0, 0.0]),
                 "task_sampling_probs([0, 0, 12, 0], T=0.01) (one non-empty task gets everything)", rtol=RTOL, atol=ATOL)
    got = student.task_sampling_probs(np.array([5, 7, 9], dtype=np.int32), 2.0)
    expect_dtype(got, np.float64, "task_sampling_probs of int32 sizes")
    expect_array(got, reference.task_sampling_probs([5, 7, 9], 2.0), "task_sampling_probs(int32 sizes [5, 7, 9], T=2)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes([5, 7, 9], 2.0))
    got = student.task_sampling_probs(np.array([5.0, 7.0, 9.0], dtype=np.float32), 2.0)
    expect_dtype(got, np.float64, "task_sampling_probs of float32 sizes",
                 "whatever the dtype of sizes: np.asarray(sizes, dtype=np.float64)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    student.task_sampling_probs(np.array([393000.0, 8500.0, 2500.0]), 2.0)
    expect_unchanged(student.last_call, "np.asarray(sizes, dtype=np.float64) returns the caller's own array when it "
                                        "is already float64: compute into new arrays (n / n.sum(), not n /= ...)")


@pytest.mark.points(0.5)
def test_random_sizes_and_temperatures(student, reference):
    rng = np.random.default_rng(74)
    for _ in range(4):
        K = int(rng.integers(1, 10))
        sizes = rng.integers(0, 10 ** int(rng.integers(1, 7)), size=K)
        sizes[rng.integers(K)] += 1                              # at least one task is not empty
        T = float(rng.choice([0.05, 0.5, 1.0, 2.0, 7.0, 100.0]))
        got = student.task_sampling_probs(sizes, T)
        _zero_stays_zero(got, sizes, f"task_sampling_probs({sizes.tolist()}, T={T:g})")
        expect_array(got, reference.task_sampling_probs(sizes, T),
                     f"task_sampling_probs({sizes.tolist()}, T={T:g}) (random draw)", rtol=1e-9, atol=1e-13,
                     mistakes=_mistakes(sizes, T))
