"""Hidden tests of reservoir_sample: Vitter's algorithm R with pre-drawn random numbers
(the reservoir() function of Mammoth's Buffer: randint(0, num_seen + 1), replace if below the buffer size)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged


def _loop(n, cap, draws, start=None, shift=0, fifo=False, below=None):
    """Algorithm R as a loop, and as known mistakes make it (below: the bound a draw must be under)."""
    buf = list(range(min(n, cap)))
    start = cap if start is None else start
    for i in range(start, n):
        if fifo:
            buf[i % cap] = i
            continue
        k = i - shift
        if k < 0 or k >= len(draws):
            continue
        j = draws[k]
        if j < (cap if below is None else below):
            buf[j] = i
    return np.array(buf)


def _first_wins(n, cap, draws):
    buf = np.arange(min(n, cap))
    done = np.zeros(len(buf), bool)
    for i in range(cap, n):
        j = draws[i]
        if j < cap and not done[j]:
            buf[j], done[j] = i, True
    return buf


def _mistakes(n, cap, draws):
    return [
        (_loop(n, cap, draws, shift=cap), "draws[i] belongs to item i: use draws[i] for item i (the first "
                                          "`capacity` entries are simply not used), not draws[i - capacity]"),
        (_first_wins(n, cap, draws), "when several items draw the same slot, the LAST one must stay (each replaces "
                                     "the previous one): use np.maximum.at, not the first writer"),
        (_loop(n, cap, draws, fifo=True), "this is a ring buffer (slot i % capacity): item i replaces slot draws[i] "
                                          "only if draws[i] < capacity"),
        (_loop(n, cap, draws, start=cap + 1), f"item {cap} (the first item after the buffer is full) is skipped: the "
                                              "replacement phase starts at i = capacity"),
        (_loop(n, cap, draws, below=cap - 1), f"a draw of capacity - 1 = {cap - 1} never replaced the last slot: item i "
                                              "replaces slot draws[i] whenever draws[i] < capacity (slots 0 .. "
                                              "capacity - 1)"),
    ]


def _check(student, reference, n, cap, draws, what):
    want = reference.reservoir_sample(n, cap, draws)
    got = expect_array(student.reservoir_sample(n, cap, draws), want, what, rtol=0, atol=0,
                       mistakes=_mistakes(n, cap, draws) if n > cap else [])
    expect_true(got.dtype.kind in "iu", f"{what} must return integer item indices, got dtype {got.dtype}")
    return got


@pytest.mark.points(0.75)
def test_random_streams(student, reference):
    rng = np.random.default_rng(246)
    for n, cap in [(50, 10), (200, 7), (13, 12)]:
        draws = rng.integers(0, np.arange(1, n + 1))
        _check(student, reference, n, cap, draws, f"reservoir_sample({n}, {cap}, draws) with draws[i] uniform in [0, i]")


@pytest.mark.points(0.75)
def test_short_streams_and_capacity_one(student, reference):
    rng = np.random.default_rng(247)
    _check(student, reference, 4, 10, rng.integers(0, np.arange(1, 5)), "reservoir_sample(4, 10, draws): fewer items than slots")
    _check(student, reference, 6, 6, rng.integers(0, np.arange(1, 7)), "reservoir_sample(6, 6, draws): exactly full")
    _check(student, reference, 0, 3, np.zeros(0, dtype=int), "reservoir_sample(0, 3, []): an empty stream")
    draws = rng.integers(0, np.arange(1, 31))
    _check(student, reference, 30, 1, draws, "reservoir_sample(30, 1, draws): a single slot")


@pytest.mark.points(0.5)
def test_constructed_draws(student, reference):
    n, cap = 20, 4
    never = np.arange(n)                                  # draws[i] = i >= capacity: nothing is replaced
    _check(student, reference, n, cap, never, "reservoir_sample(20, 4, draws) with draws[i] = i (no replacement)")
    same = np.zeros(n, dtype=int)                          # every later item picks slot 0
    _check(student, reference, n, cap, same, "reservoir_sample(20, 4, zeros): every item picks slot 0")
    mixed = np.array([0, 1, 2, 3, 2, 9, 2, 0, 8, 3, 1, 11, 2, 13, 0, 3, 16, 1, 18, 2])
    _check(student, reference, n, cap, mixed, "reservoir_sample(20, 4, draws) with repeated slots and discarded items")


@pytest.mark.points(0.25)
def test_one_more_item_than_slots_and_draw_lists(student, reference):
    _check(student, reference, 5, 4, np.array([0, 0, 0, 0, 2]), "reservoir_sample(5, 4, draws) (one item more than "
                                                                  "slots, drawing slot 2)")
    _check(student, reference, 5, 4, np.array([0, 0, 0, 0, 4]), "reservoir_sample(5, 4, draws) (one item more than "
                                                                  "slots, drawing 4 = capacity: discarded)")
    got = _check(student, reference, 8, 3, [0, 1, 2, 1, 0, 5, 2, 7], "reservoir_sample(8, 3, draws given as a list)")
    expect_dtype(got, np.int64, "reservoir_sample(8, 3, draws given as a list)",
                 "return int64 item indices; np.arange gives int64")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(249)
    student.reservoir_sample(30, 5, rng.integers(0, np.arange(1, 31)))
    expect_unchanged(student.last_call, "read the draws without modifying or sorting them")


@pytest.mark.points(0.5)
def test_random_stream_lengths(student, reference):
    rng = np.random.default_rng(250)
    for _ in range(4):
        n, cap = int(rng.integers(0, 80)), int(rng.integers(1, 20))
        draws = rng.integers(0, np.arange(1, n + 1)) if n else np.zeros(0, dtype=int)
        _check(student, reference, n, cap, draws, f"reservoir_sample({n}, {cap}, draws) (random draw)")
