"""Hidden tests of longformer_mask (the pattern of transformers' LongformerSelfAttention: one-sided window
attention_window // 2, symmetric global attention)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_equal, expect_true, expect_unchanged


def _variant(n, w, G, mistake):
    pos = np.arange(n)
    dist = np.abs(pos[:, None] - pos[None, :])
    band = {"full_each_side": dist <= w, "strict": dist < w // 2}.get(mistake, dist <= w // 2)
    g = np.zeros(n, dtype=bool); g[np.asarray(G, dtype=int)] = True
    if mistake == "rows_only":
        return band | g[:, None]
    if mistake == "cols_only":
        return band | g[None, :]
    return band | g[:, None] | g[None, :]


def _call(student, n, w, G):
    """The student's mask; a failure on an int array of positions names the list-only idioms."""
    try:
        return student.longformer_mask(n, w, G)
    except StudentCodeError as exc:
        if exc.kind != "error" or not isinstance(G, np.ndarray):
            raise
        raise AssertionError(f"longformer_mask(seq_len={n}, window={w}, global_idx=np.array({G.tolist()})): {exc}: "
                             "global_idx may be an int array as well as a list: `if global_idx:` or "
                             "`global_idx == []` do not work on arrays; test len(global_idx) or work on "
                             "np.asarray(global_idx, dtype=int)") from None


def _check(student, reference, n, w, G, got=None):
    what = f"longformer_mask(seq_len={n}, window={w}, global_idx={G})"
    got = _call(student, n, w, G) if got is None else got
    want = reference.longformer_mask(n, w, G)
    got_arr = np.asarray(got)
    expect_true(got_arr.shape == want.shape, f"{what} has shape {got_arr.shape}, expected {want.shape}")
    hints = [("full_each_side", "the window is the total width: each token attends to window // 2 tokens on each "
                                "side (and itself), not window tokens on each side"),
             ("strict", "a token attends to every position with |i - j| <= window // 2 (inclusive)"),
             ("rows_only", "global tokens are also attended by every token: set their columns to True too"),
             ("cols_only", "global tokens attend to every position: set their rows to True too")]
    for mistake, message in hints:
        wrong = _variant(n, w, G, mistake)
        if (wrong != want).any() and (got_arr.astype(bool) == wrong).all():
            raise AssertionError(f"{what}: {message}")
    expect_equal(got_arr.astype(bool), want, what)
    expect_true(got_arr.dtype == bool, f"{what} must be a bool array (True = may attend), got dtype {got_arr.dtype}")


@pytest.mark.points(0.75)
def test_sliding_window(student, reference):
    for n, w in [(12, 4), (15, 6), (9, 2)]:
        _check(student, reference, n, w, [])


@pytest.mark.points(1)
def test_global_tokens(student, reference):
    _check(student, reference, 16, 2, [0, 7])
    _check(student, reference, 20, 6, [0, 1, 19])


@pytest.mark.points(0.5)
def test_edge_cases(student, reference):
    _check(student, reference, 7, 0, [])       # only the diagonal
    _check(student, reference, 6, 20, [])      # the window covers everything
    _check(student, reference, 10, 4, [9])     # a global token at the end


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    G = [9, 2, 5]
    got = student.longformer_mask(12, 4, G)
    expect_unchanged(student.last_call, "sorting or extending global_idx changes the caller's list: read it only")
    _check(student, reference, 12, 4, G, got)
    G = np.array([9, 2, 5])
    got = _call(student, 12, 4, G)
    expect_unchanged(student.last_call, "np.asarray(global_idx, dtype=int) is the caller's own array when it is "
                                        "already an int array, so sorting it (.sort()) or writing into it changes "
                                        "the caller's global_idx: use np.sort / np.unique, which return new arrays")
    _check(student, reference, 12, 4, G, got)


@pytest.mark.points(0.25)
def test_one_token_no_token_and_array_of_globals(student, reference):
    _check(student, reference, 1, 2, [0])
    _check(student, reference, 0, 2, [])
    _check(student, reference, 8, 2, np.array([3, 3, 6]))     # a NumPy array, with a repeated position


@pytest.mark.points(0.25)
def test_random_patterns(student, reference):
    rng = np.random.default_rng(110)
    for case in range(4):
        n = int(rng.integers(1, 40))
        w = 2 * int(rng.integers(0, 10))
        G = sorted(int(g) for g in rng.choice(n, size=int(rng.integers(0, min(n, 4) + 1)), replace=False))
        _check(student, reference, n, w, G)
