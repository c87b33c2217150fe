"""Hidden tests of sample_task_schedule: inverse-CDF sampling with side='right', as
numpy.random.Generator.choice(K, size=S, p=p) does with uniforms = rng.random(S).

Graded on its own: all tests but one answer the student's calls of task_sampling_probs with the reference, so a
wrong task_sampling_probs costs its own points; test_with_your_task_sampling_probs checks the two together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_dtype, expect_equal, expect_true, expect_unchanged


def _check(student, reference, sizes, T, u, what, own=False):
    student = student if own else student.with_reference("task_sampling_probs")
    got = student.sample_task_schedule(sizes, T, u)
    want = reference.sample_task_schedule(sizes, T, u)
    arr = np.asarray(got) if isinstance(got, (list, tuple, np.ndarray)) else None
    expect_true(arr is not None and arr.shape == want.shape,
                f"{what}: return one task index per uniform, an array of shape {want.shape}")
    cdf = np.cumsum(reference.task_sampling_probs(sizes, T))
    left = np.searchsorted(cdf / cdf[-1], u, side="left")
    ignore_T = reference.sample_task_schedule(sizes, 1.0, u)
    if np.array_equal(arr, left) and not np.array_equal(left, want):
        raise AssertionError(f"{what}: a uniform equal to a cumulative probability picks the task on its left; "
                             "ties must go right (searchsorted side='right'), so a task of probability 0 is never "
                             "chosen")
    if np.array_equal(arr, ignore_T) and not np.array_equal(ignore_T, want):
        raise AssertionError(f"{what}: the schedule follows proportional sampling: use the probabilities at "
                             "temperature T")
    expect_equal(arr.astype(np.int64), want, what)


@pytest.mark.points(0.5)
def test_equals_numpy_choice(student, reference):
    for seed, sizes, T in [(0, [393000, 108000, 8500, 2500], 3.0), (1, [10, 20, 30, 40, 50], 1.0),
                           (2, [7, 700, 70000], 10.0)]:
        u = np.random.default_rng(seed).random(200)
        want = np.random.default_rng(seed).choice(len(sizes), size=200, p=reference.task_sampling_probs(sizes, T))
        expect_equal(want, reference.sample_task_schedule(sizes, T, u), "reference vs numpy (self-check)")
        _check(student, reference, sizes, T, u, f"sample_task_schedule({sizes}, T={T}, 200 uniforms)")


@pytest.mark.points(0.5)
def test_boundaries_and_empty_tasks(student, reference):
    sizes = [1, 1, 1, 1]
    u = np.array([0.0, 0.25, 0.5, 0.75, 0.999999])
    _check(student, reference, sizes, 1.0, u, "sample_task_schedule([1, 1, 1, 1], T=1, u=[0, .25, .5, .75, .999999])")
    sizes = [0, 30, 0, 10]
    u = np.array([0.0, 0.5, 0.75, 0.7499, 0.9])
    _check(student, reference, sizes, 1.0, u, "sample_task_schedule([0, 30, 0, 10], T=1, u=[0, .5, .75, .7499, .9])")
    _check(student, reference, [0, 30, 0, 10], 4.0, u,
           "sample_task_schedule([0, 30, 0, 10], T=4, u=[0, .5, .75, .7499, .9])")


@pytest.mark.points(0.25)
def test_no_steps_one_task_and_int64(student, reference):
    code = student.with_reference("task_sampling_probs")
    what = "sample_task_schedule([10, 20], T=1, no uniforms) (S=0: an empty int64 array)"
    try:
        got = code.sample_task_schedule([10, 20], 1.0, np.zeros(0))
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_true(isinstance(got, np.ndarray) and got.dtype == np.int64 and got.shape == (0,),
                f"{what} returned {got!r}: return an int64 array of shape (0,)")
    _check(student, reference, [77], 2.0, np.array([0.0, 0.3, 0.999999]), "sample_task_schedule([77], T=2, ...) (one task)")
    sizes, u = [637, 511, 270, 308, 41, 76, 17], np.array([0.5, np.nextafter(1.0, 0.0)])
    got = code.sample_task_schedule(sizes, 0.5, u)
    expect_true(not (np.size(got) == 2 and int(np.asarray(got)[1]) == len(sizes)),
                "sample_task_schedule(sizes of 7 tasks, T=0.5, u = [0.5, the largest float below 1]) returned task 7, "
                "which does not exist: in floating point the cumulative probabilities end at 0.9999999999999998 < u; "
                "divide the cdf by its last value so that it ends at exactly 1 (numpy's Generator.choice does)")
    _check(student, reference, sizes, 0.5, u, "sample_task_schedule(7 tasks, T=0.5, u = [0.5, the largest float below 1])")
    sizes = sizes + [0]                                      # the last task is empty: clipping the index is not enough
    got = code.sample_task_schedule(sizes, 0.5, u)
    expect_true(not (np.size(got) == 2 and int(np.asarray(got)[1]) >= len(sizes) - 1),
                f"sample_task_schedule({sizes}, T=0.5, u = [0.5, the largest float below 1]) returned task "
                f"{int(np.asarray(got)[1]) if np.size(got) == 2 else '?'}, an empty task (or none): the cumulative "
                "probabilities end at 0.9999999999999998 < u, and clipping the index to K - 1 picks the empty last "
                "task; divide the cdf by its last value so that it ends at exactly 1 (numpy's Generator.choice does)")
    _check(student, reference, sizes, 0.5, u, "sample_task_schedule(8 tasks, the last one empty, T=0.5, "
                                              "u = [0.5, the largest float below 1])")
    got = code.sample_task_schedule([3, 5, 9], 2.0, np.random.default_rng(3).random(12))
    expect_dtype(got, np.int64, "sample_task_schedule", "an array of task indices: .astype(np.int64)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.with_reference("task_sampling_probs").sample_task_schedule(
        np.array([50.0, 10.0, 40.0]), 2.0, np.random.default_rng(4).random(10))
    expect_unchanged(student.last_call, "never sort or overwrite the uniforms or the sizes you are given")


@pytest.mark.points(0.25)
def test_random_schedules(student, reference):
    rng = np.random.default_rng(5)
    for _ in range(3):
        K = int(rng.integers(1, 8))
        sizes = rng.integers(0, 1000, size=K)
        sizes[rng.integers(K)] += 1
        T, u = float(rng.choice([0.5, 1.0, 3.0])), rng.random(int(rng.integers(1, 60)))
        _check(student, reference, sizes.tolist(), T, u,
               f"sample_task_schedule({sizes.tolist()}, T={T:g}, {u.size} uniforms) (random draw)")


@pytest.mark.points(0.25)
def test_with_your_task_sampling_probs(student, reference):
    u = np.random.default_rng(6).random(50)
    _check(student, reference, [393000, 108000, 8500, 2500], 2.0, u,
           "sample_task_schedule([393000, 108000, 8500, 2500], T=2, 50 uniforms) with your own task_sampling_probs "
           "(if its own tests fail, fix it first)", own=True)
