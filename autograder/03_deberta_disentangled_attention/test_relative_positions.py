"""Hidden tests of relative_positions (mirrors transformers' build_relative_position and
make_log_bucket_position in models/deberta_v2/modeling_deberta_v2.py)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_dtype, expect_equal


def _buckets(rel, bucket_size, max_position, *, rounding=np.ceil, signed=True, strict=False, true_mid=False,
             top_off=1):
    sign = np.sign(rel)
    mid = bucket_size / 2 if true_mid else bucket_size // 2
    abs_pos = np.where((rel < mid) & (rel > -mid), mid - 1, np.abs(rel))
    log_pos = rounding(np.log(abs_pos / mid) / np.log((max_position - top_off) / mid) * (mid - 1)) + mid
    small = abs_pos < mid if strict else abs_pos <= mid
    return np.where(small, rel, log_pos * sign if signed else log_pos).astype(np.int64)


def _check(student, reference, args, what, dtype=False):
    q, k, b, m = args
    want = reference.relative_positions(q, k, b, m)
    try:
        got = np.asarray(student.relative_positions(q, k, b, m))
    except StudentCodeError as exc:
        if exc.kind == "error" and not (b > 0 and m > 0):
            raise AssertionError(f"{what}: {exc}: with bucket_size={b} and max_position={m} there is no bucketing: "
                                 "bucket only when bucket_size > 0 AND max_position > 0 (not merely != -1), as "
                                 "build_relative_position") from None
        raise
    if got.shape == want.shape and (b > 0) != (m > 0) and not np.array_equal(got, want):
        far = np.abs(np.arange(q)[:, None] - np.arange(k)[None, :]) > max(b, m) // 2
        if np.array_equal(np.where(far, want, got), want):    # wrong only at the distances a bucketing would change
            raise AssertionError(f"{what}: the distances beyond {max(b, m) // 2} were bucketed although "
                                 f"{'max_position' if m <= 0 else 'bucket_size'} is {min(b, m)}: bucket only when "
                                 "bucket_size > 0 AND max_position > 0, as build_relative_position")
    rel = np.arange(q)[:, None] - np.arange(k)[None, :]
    mistakes = [(-want, "the sign is reversed: R[i, j] = i - j (query position minus key position)")]
    if b > 0 and m > 0:
        mistakes += [
            (_buckets(rel, b, m, rounding=np.floor), "the log bucket is rounded down: use ceil, as "
                                                     "make_log_bucket_position"),
            (_buckets(rel, b, m, rounding=np.round), "the log bucket is rounded to nearest: use ceil"),
            (_buckets(rel, b, m, signed=False), "negative distances lost their sign: multiply the log bucket by "
                                                "sign(i - j)"),
            (_buckets(rel, b, m, strict=True), "the distance mid itself must stay exact: keep r where |r| <= mid"),
            (rel, "no bucketing was applied although bucket_size and max_position are > 0"),
            (_buckets(rel, b, m, top_off=0), "the log is divided by log(max_position / mid): make_log_bucket_position "
                                             "divides by log((max_position - 1) / mid) (the largest distance is "
                                             "max_position - 1)"),
        ]
        if b % 2:
            with np.errstate(invalid="ignore"):
                mistakes.append((_buckets(rel, b, m, true_mid=True), f"mid is bucket_size / 2 = {b / 2}: for an odd "
                                 f"bucket_size, mid = bucket_size // 2 = {b // 2} (integer division, as "
                                 "make_log_bucket_position)"))
    if got.shape == want.shape and not np.array_equal(got, want):
        for value, message in mistakes:
            if np.array_equal(got, value) and not np.array_equal(value, want):
                raise AssertionError(f"{what}: {message}")
        if not (b > 0 and m > 0):
            raise AssertionError(f"{what}: with bucket_size={b} and max_position={m} there is no bucketing, R[i, j] = "
                                 "i - j exactly: bucket only when bucket_size > 0 AND max_position > 0 (not merely "
                                 "!= -1), as build_relative_position")
        if b > 0 and m > 0:
            # log(|r| / mid) / log((m - 1) / mid) * (mid - 1) is a whole number: exact in float64, a hair above it
            # in float32, where ceil then gives the next bucket
            mid = b // 2
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.log(np.abs(rel) / mid) / np.log((m - 1) / mid) * (mid - 1)
            whole = (np.abs(rel) > mid) & (np.abs(x - np.round(x)) < 1e-6)
            wrong = got != want
            if wrong.any() and not (wrong & ~whole).any() and np.array_equal(np.abs(got - want), wrong.astype(int)):
                i, j = np.argwhere(wrong)[0]
                raise AssertionError(
                    f"{what}: R[{i}, {j}] (distance {rel[i, j]}) is {got[i, j]}, expected {want[i, j]}: there "
                    f"log(|r| / mid) / log((max_position - 1) / mid) * (mid - 1) = log({abs(rel[i, j])}/{mid}) / "
                    f"log({m - 1}/{mid}) * {mid - 1} is the whole number {round(x[i, j])}, your computation lands a "
                    "hair above it and ceil gives the next bucket: compute the logarithms in float64, as the "
                    "docstring says (float32 maths, e.g. on an np.float32 array, does this), in the order "
                    "log(abs_pos / mid) / log((max_position - 1) / mid) * (mid - 1)")
    expect_equal(got, want, what)
    if dtype:
        expect_dtype(got, np.int64, what, "torch.long; the log buckets are computed in float: convert the result "
                     "with .astype(np.int64)")


@pytest.mark.points(0.75)
def test_plain_relative_positions(student, reference):
    for args in [(7, 7, -1, -1), (3, 9, -1, -1), (10, 4, -1, 20)]:
        _check(student, reference, args, f"relative_positions({args[0]}, {args[1]}, bucket_size={args[2]}, "
                                         f"max_position={args[3]})")


@pytest.mark.points(1.5)
def test_log_buckets(student, reference):
    # (30, 30, 7, 40): an odd bucket_size, mid = 7 // 2 = 3
    # (1, 30, 6, 148): at distance 21, log(21/3) / log(147/3) * 2 is exactly 1 (float32 maths gives bucket -5, not -4)
    for args in [(40, 40, 8, 32), (600, 600, 256, 512), (90, 90, 10, 50), (70, 30, 16, 64), (1, 300, 6, 20),
                 (1, 30, 6, 148), (30, 30, 7, 40)]:
        _check(student, reference, args, f"relative_positions({args[0]}, {args[1]}, bucket_size={args[2]}, "
                                         f"max_position={args[3]})")


@pytest.mark.points(0.5)
def test_boundary_sizes_and_int64(student, reference):
    for args, note in [((12, 12, 8, -1), "max_position=-1: no bucketing"), ((12, 12, -1, 64), "bucket_size=-1: no "
                       "bucketing"), ((1, 1, 4, 8), "one query, one key"), ((0, 5, -1, -1), "no query at all"),
                       ((20, 20, 4, 6), "a small bucket_size and max_position"),
                       ((12, 12, 0, 64), "bucket_size=0: no bucketing"), ((12, 12, 8, 0), "max_position=0: no "
                       "bucketing"), ((12, 12, -4, -8), "negative sizes: no bucketing"), ((30, 30, 8, 32), "log buckets")]:
        _check(student, reference, args, f"relative_positions({args[0]}, {args[1]}, bucket_size={args[2]}, "
                                         f"max_position={args[3]}) ({note})", dtype=True)


@pytest.mark.points(0.25)
def test_random_sizes(student, reference):
    rng = np.random.default_rng(3)
    for case in range(4):
        q, k = (int(n) for n in rng.integers(1, 80, size=2))
        b = int(rng.choice([-1, 2 * int(rng.integers(2, 40))]))
        m = int(rng.choice([-1, b + int(rng.integers(2, 200))]))
        _check(student, reference, (q, k, b, m),
               f"relative_positions({q}, {k}, bucket_size={b}, max_position={m}) (random case {case})", dtype=True)
