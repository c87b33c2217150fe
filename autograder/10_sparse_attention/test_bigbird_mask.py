"""Hidden tests of bigbird_mask (window of w_b blocks without wrap-around, global blocks, random key
blocks per query block, expanded to tokens with a Kronecker product)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_equal, expect_true, expect_unchanged


def _variant(n, b, G, R, wb, mistake):
    nb = n // b
    blk = np.arange(nb)
    dist = np.abs(blk[:, None] - blk[None, :])
    if mistake == "wraps":
        dist = np.minimum(dist, nb - dist)
    block = dist <= {"window_ignored": 1, "each_side": wb}.get(mistake, wb // 2)
    if mistake in ("left_only", "right_only"):      # a causal (or anti-causal) window: one side only
        signed = (blk[:, None] - blk[None, :]) * (1 if mistake == "left_only" else -1)
        block = (signed >= 0) & (signed <= wb // 2)
    g = np.zeros(nb, dtype=bool); g[np.asarray(G, dtype=int)] = True
    block = block | {"rows_only": g[:, None], "cols_only": g[None, :]}.get(mistake, g[:, None] | g[None, :])
    R = np.asarray(R, dtype=int).reshape(nb, -1)
    rows = np.repeat(blk, R.shape[1])
    if mistake == "transposed":
        block[R.reshape(-1), rows] = True
    elif mistake == "symmetric_random":
        block[rows, R.reshape(-1)] = True
        block[R.reshape(-1), rows] = True
    elif mistake != "no_random":
        block[rows, R.reshape(-1)] = True
    return np.kron(block, np.ones((b, b), dtype=bool)).astype(bool)


def _check(student, reference, n, b, G, R, wb=3, got=None, default=False):
    what = f"bigbird_mask(seq_len={n}, block_size={b}, global_blocks={G}, random_blocks of shape {np.shape(R)}, " \
           + ("the default window_blocks=3)" if default else f"window_blocks={wb})")
    if got is None:
        try:
            got = student.bigbird_mask(n, b, G, R) if default else student.bigbird_mask(n, b, G, R, wb)
        except StudentCodeError as exc:
            if exc.kind != "error" or len(G):
                raise
            raise AssertionError(f"{what}: {exc}: global_blocks may be empty, and np.array([]) is a float array that "
                                 "cannot index: use np.asarray(global_blocks, dtype=int)") from None
    got = np.asarray(got)
    want = reference.bigbird_mask(n, b, G, R, wb)
    expect_true(got.shape == want.shape, f"{what} has shape {got.shape}, expected {want.shape} (tokens, not blocks)")
    hints = [("wraps", "the sliding window does not wrap around: the first and last blocks are not neighbours"),
             ("transposed", "random_blocks[I] lists the key blocks that query block I attends to: set block "
                            "(I, random_blocks[I, r]), not its transpose"),
             ("no_random", "the random blocks are missing: query block I also attends to the key blocks in "
                           "random_blocks[I]"),
             ("window_ignored", f"the window_blocks argument ({wb}) is ignored: the window is always 3 blocks wide "
                                "here; use |I - J| <= window_blocks // 2"),
             ("each_side", "window_blocks is the total width of the window in blocks (odd, the block itself in the "
                           "middle): |I - J| <= window_blocks // 2, not window_blocks blocks on each side"),
             ("symmetric_random", "the random blocks are not symmetric: query block I attends to the key blocks "
                                  "random_blocks[I], but those blocks do not attend back to I; set only block "
                                  "(I, random_blocks[I, r]), not also its transpose"),
             ("left_only", "the window goes window_blocks // 2 blocks to BOTH sides (|I - J| <= window_blocks // 2), "
                           "not only to the earlier blocks"),
             ("right_only", "the window goes window_blocks // 2 blocks to BOTH sides (|I - J| <= window_blocks // 2), "
                            "not only to the later blocks"),
             ("rows_only", "global blocks are also attended by every block: set their columns to True too"),
             ("cols_only", "global blocks attend to every block: set their rows to True too")]
    for mistake, message in hints:
        wrong = _variant(n, b, G, R, wb, mistake)
        if (wrong != want).any() and (got.astype(bool) == wrong).all():
            raise AssertionError(f"{what}: {message}")
    expect_equal(got.astype(bool), want, what)
    expect_true(got.dtype == bool, f"{what} must be a bool array, got dtype {got.dtype}")


@pytest.mark.points(0.75)
def test_window_and_global_blocks(student, reference):
    _check(student, reference, 24, 4, [0, 5], np.zeros((6, 0), dtype=int))
    _check(student, reference, 32, 4, [3], np.zeros((8, 0), dtype=int))     # no global block at the ends


@pytest.mark.points(1)
def test_random_blocks(student, reference):
    rng = np.random.default_rng(100)
    for n, b, r in [(32, 4, 2), (48, 6, 1), (40, 4, 3)]:
        nb = n // b
        R = rng.integers(0, nb, size=(nb, r))
        _check(student, reference, n, b, [0, nb - 1], R)


@pytest.mark.points(0.5)
def test_other_windows_and_block_size_one(student, reference):
    rng = np.random.default_rng(101)
    _check(student, reference, 12, 1, [0], rng.integers(0, 12, size=(12, 1)), wb=5)
    _check(student, reference, 30, 3, [4], rng.integers(0, 10, size=(10, 2)), wb=1)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    R = np.array([[3, 1], [0, 2], [1, 1], [2, 0]])
    G = [3]
    got = student.bigbird_mask(16, 4, G, R, 3)
    expect_unchanged(student.last_call, "sorting random_blocks in place (R.sort()) or editing global_blocks changes the "
                                        "caller's data: read them only")
    _check(student, reference, 16, 4, G, R, 3, got=got)


@pytest.mark.points(0.25)
def test_default_window_no_globals_and_wide_window(student, reference):
    rng = np.random.default_rng(102)
    _check(student, reference, 20, 4, [0, 4], rng.integers(0, 5, size=(5, 1)), default=True)
    _check(student, reference, 18, 3, [], rng.integers(0, 6, size=(6, 2)))
    _check(student, reference, 16, 2, [], np.zeros((8, 0), dtype=int), wb=21)   # the window covers every block


@pytest.mark.points(0.25)
def test_random_patterns(student, reference):
    rng = np.random.default_rng(103)
    for case in range(3):
        b, nb = int(rng.integers(1, 5)), int(rng.integers(1, 10))
        G = sorted(int(g) for g in rng.choice(nb, size=int(rng.integers(0, min(nb, 3) + 1)), replace=False))
        R = rng.integers(0, nb, size=(nb, int(rng.integers(0, 3))))
        _check(student, reference, nb * b, b, G, R, 2 * int(rng.integers(0, 3)) + 1)
