"""Hidden tests of mask_coverage (static masking with duplication_factor copies, as BERT's
create_pretraining_data.py dupe_factor, vs dynamic masking)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_equal, expect_python_int, expect_true, expect_unchanged


def _mistakes(u, D, p):
    E = u.shape[0]
    copy = np.arange(E) % D
    sel = u[copy] < p
    out = [(sel.reshape(E, -1).mean(1),
            "coverage is the fraction selected in each epoch alone: count the tokens selected in ANY epoch up to e "
            "(a running logical OR over epochs)")]
    if E // D >= 1 and E // D != D:
        wrong = u[np.arange(E) % (E // D)] < p
        out.append((np.logical_or.accumulate(wrong, 0).reshape(E, -1).mean(1),
                    "the copies are cycled with period E // D (the number of repeats): epoch e shows copy e % D, "
                    "D = duplication_factor"))
    shifted = u[np.arange(1, E + 1) % D] < p if D < E else sel
    if not np.array_equal(shifted, sel):
        out.append((np.logical_or.accumulate(shifted, 0).reshape(E, -1).mean(1),
                    "epoch e showed copy (e + 1) % D: the epochs count from 0, so epoch 0 shows copy 0 and epoch e "
                    "shows copy e % D"))
    out.append((np.logical_or.accumulate(u < p, 0).reshape(E, -1).mean(1),
                "the static masks are not reused: epoch e must show copy e % duplication_factor"))
    out.append((np.logical_or.accumulate(u[copy] <= p, 0).reshape(E, -1).mean(1),
                "a uniform equal to p was selected: a token is selected where u < p (strictly), so with p = 0 "
                "nothing is ever selected"))
    out.append((np.logical_or.accumulate(sel, 0).reshape(E, -1).mean(1, dtype=np.float32),
                "coverage is float32 (it agrees only to float32 precision): the docstring promises a float64 array: "
                "take the mean in float64 (no dtype=np.float32)"))
    return out


def _distinct_by_content(u, D, p):
    """distinct_masks counted by the masks' content (np.unique), not by the copies shown."""
    E = u.shape[0]
    shown = (u[np.arange(E) % D] < p).reshape(E, -1)
    return [(int(len(np.unique(shown, axis=0))),
             "distinct_masks counted the different mask contents; it counts the masking copies shown, "
             "min(E, duplication_factor): copies count as different even when their masks happen to be equal "
             "(e.g. p = 0)")]


@pytest.mark.points(1)
def test_coverage_static_and_dynamic(student, reference):
    rng = np.random.default_rng(20)
    for E, D, shape, p in [(40, 10, (6, 50), 0.15), (12, 5, (3, 17), 0.15), (9, 3, (2, 11), 0.3), (8, 8, (4, 5), 0.15)]:
        u = rng.random((E,) + shape)
        want = reference.mask_coverage(u, D, p)
        got = student.mask_coverage(u, D, p)
        expect_true(isinstance(got, dict) and "coverage" in got,
                    "mask_coverage must return a dict with the keys coverage, distinct_masks, max_repeats")
        expect_array(got["coverage"], want["coverage"],
                     f"mask_coverage(u of shape {(E,) + shape}, duplication_factor={D}, p={p})['coverage']",
                     rtol=1e-12, atol=1e-12, mistakes=_mistakes(u, D, p))


@pytest.mark.points(1)
def test_distinct_masks_and_repeats(student, reference):
    rng = np.random.default_rng(21)
    for E, D in [(40, 10), (45, 10), (7, 10), (6, 1), (10, 4)]:
        u = rng.random((E, 2, 3))
        want = reference.mask_coverage(u, D)
        got = student.mask_coverage(u, D)
        what = f"mask_coverage with {E} epochs and duplication_factor={D}"
        expect_true(isinstance(got, dict), f"{what} must return a dict")
        expect_equal(int(got.get("distinct_masks", -1)), want["distinct_masks"], f"{what}: distinct_masks",
                     mistakes=_distinct_by_content(u, D, 0.15))
        if int(got.get("max_repeats", -1)) == E // D and E % D:
            raise AssertionError(f"{what}: max_repeats is {E // D}, but {E} epochs over {D} copies show some copy "
                                 f"{want['max_repeats']} times: round up (ceil), not down")
        if int(got.get("max_repeats", -1)) == E // D + 1 and E % D == 0:
            raise AssertionError(f"{what}: max_repeats is {E // D + 1}, but {E} epochs over {D} copies show each copy "
                                 f"exactly {want['max_repeats']} times: E // D + 1 is one too many when D divides E: "
                                 "round E / D up (ceil)")
        expect_equal(int(got.get("max_repeats", -1)), want["max_repeats"], f"{what}: max_repeats")
    u = rng.random((5, 3, 4))
    default_p = [(reference.mask_coverage(u, 5, q)["coverage"],
                  f"these are the values for mlm_probability={q}: the default mlm_probability is 0.15")
                 for q in (0.1, 0.2, 0.25, 0.3, 0.5)]
    expect_array(student.mask_coverage(u, 5)["coverage"], reference.mask_coverage(u, 5)["coverage"],
                 "mask_coverage(u, 5) with 5 epochs (dynamic masking) and the default mlm_probability",
                 rtol=1e-12, atol=1e-12, mistakes=_mistakes(u, 5, 0.15) + default_p)


def _expect_count(got, key, want, what, mistakes=()):
    value = got.get(key) if isinstance(got, dict) else None
    kind = np.asarray(value).dtype.kind if value is not None and not isinstance(value, (str, list, dict)) else "?"
    expect_true(isinstance(value, (int, np.integer)) or kind in "iu" and np.ndim(value) == 0,
                f"{what}['{key}'] is {value!r} of type {type(value).__name__}: the docstring promises an int "
                "(np.ceil and / return floats: convert with int(...) or use integer arithmetic)")
    expect_python_int(value, f"{what}['{key}']",
                      "np.minimum, np.ceil(...).astype and np.int64 arithmetic return NumPy integers")
    expect_equal(int(value), want, f"{what}['{key}']", mistakes=mistakes)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    u = np.random.default_rng(22).random((6, 3, 5))
    got = student.mask_coverage(u, 4)
    expect_unchanged(student.last_call, "mask_coverage only reads u_select: compare it with p into a new array")
    expect_true(isinstance(got, dict) and "coverage" in got, "mask_coverage must return a dict with the keys "
                "coverage, distinct_masks, max_repeats")
    expect_array(got["coverage"], reference.mask_coverage(u, 4)["coverage"], "mask_coverage(u, 4)['coverage']",
                 rtol=1e-12, atol=1e-12, mistakes=_mistakes(u, 4, 0.15))


@pytest.mark.points(0.5)
def test_boundary_values_and_types(student, reference):
    rng = np.random.default_rng(23)
    for E, D, p, note in [(1, 1, 0.15, "a single epoch"), (5, 1, 0.15, "one static mask shown every epoch"),
                          (4, 9, 0.0, "p = 0: nothing is ever selected"), (4, 2, 1.0, "p = 1: every token selected"),
                          (3, 3, 0.15, "duplication_factor == E (dynamic)")]:
        u = rng.random((E, 2, 7))
        want = reference.mask_coverage(u, D, p)
        got = student.mask_coverage(u, D, p)
        what = f"mask_coverage(u of shape {u.shape}, duplication_factor={D}, mlm_probability={p}) ({note})"
        expect_true(isinstance(got, dict) and "coverage" in got,
                    f"{what} must return a dict with the keys coverage, distinct_masks, max_repeats")
        coverage = expect_array(got["coverage"], want["coverage"], f"{what}['coverage']", rtol=1e-12, atol=1e-12,
                                mistakes=_mistakes(u, D, p))
        expect_dtype(coverage, np.float64, f"{what}['coverage']", "a fraction per epoch")
        _expect_count(got, "distinct_masks", want["distinct_masks"], what, _distinct_by_content(u, D, p))
        _expect_count(got, "max_repeats", want["max_repeats"], what)
    for u, D, p, note in [(np.zeros((2, 1, 3)), 1, 0.0, "every uniform exactly 0 = p: nothing is selected"),
                          (np.array([[[0.0, 0.5, 0.25]], [[0.5, 0.75, 0.5]]]), 2, 0.5, "uniforms exactly equal to p")]:
        what = f"mask_coverage(u={u.tolist()}, duplication_factor={D}, mlm_probability={p}) ({note})"
        got = student.mask_coverage(u, D, p)
        expect_true(isinstance(got, dict) and "coverage" in got,
                    f"{what} must return a dict with the keys coverage, distinct_masks, max_repeats")
        expect_array(got["coverage"], reference.mask_coverage(u, D, p)["coverage"], f"{what}['coverage']",
                     rtol=1e-12, atol=1e-12, mistakes=_mistakes(u, D, p))


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(24)
    for case in range(4):
        E, N, L, D = (int(n) for n in rng.integers(1, 13, size=4))
        p = float(rng.uniform(0.05, 0.6))
        u = rng.random((E, N, L))
        want = reference.mask_coverage(u, D, p)
        got = student.mask_coverage(u, D, p)
        what = f"mask_coverage(random u of shape {(E, N, L)}, duplication_factor={D}, p={p:.3g}) (case {case})"
        expect_true(isinstance(got, dict) and "coverage" in got,
                    f"{what} must return a dict with the keys coverage, distinct_masks, max_repeats")
        expect_array(got["coverage"], want["coverage"], f"{what}['coverage']", rtol=1e-12, atol=1e-12,
                     mistakes=_mistakes(u, D, p))
        _expect_count(got, "distinct_masks", want["distinct_masks"], what)
        _expect_count(got, "max_repeats", want["max_repeats"], what)
