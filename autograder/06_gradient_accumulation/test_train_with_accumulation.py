"""Hidden tests of train_with_accumulation: one epoch with the transformers Trainer's stepping
(optimizer step after every accumulation_steps micro-batches and after the last micro-batch of the epoch).

train_with_accumulation is graded on its own: its calls of accumulated_gradient (and of large_batch_gradient
and masked_cross_entropy) are answered by the reference (student.with_reference);
test_with_your_accumulated_gradient checks them together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_dtype, expect_equal, expect_new, expect_true, expect_unchanged

HELPERS = ("accumulated_gradient", "large_batch_gradient", "masked_cross_entropy")

RTOL, ATOL = 1e-9, 1e-12
KEYS = ("W1", "b1", "W2", "b2")


def _params(seed, D, H, C):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(scale=0.7, size=(D, H)), "b1": rng.normal(scale=0.1, size=H),
            "W2": rng.normal(scale=0.7, size=(H, C)), "b2": rng.normal(scale=0.1, size=C)}


def _sgd(reference, params, x, y, groups, lr, b, normalization, keep_grads=False, frozen=False):
    """SGD over the given (start, stop) example ranges, each update accumulated with the reference
    (frozen: every gradient taken at the initial params)."""
    p = {k: v.copy() for k, v in params.items()}
    losses, carried = [], {k: np.zeros_like(v) for k, v in params.items()}
    for s, e in groups:
        out = reference.accumulated_gradient(params if frozen else p, x[s:e], y[s:e], b, normalization)
        g = {k: out["grads"][k] + (carried[k] if keep_grads else 0) for k in p}
        carried = g
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(out["loss"])
    return {"params": p, "losses": np.array(losses)}


def _mistakes(reference, params, x, y, b, a, lr, normalization):
    B = x.shape[0]
    per = b * a
    full = [(s, min(s + per, B)) for s in range(0, B, per)]
    out = []
    if B % per:
        out.append((_sgd(reference, params, x, y, full[:-1], lr, b, normalization),
                    "the last, incomplete group of micro-batches must still end with an optimizer step "
                    "(the Trainer steps at the end of the epoch)"))
    out.append((_sgd(reference, params, x, y, [(s, min(s + b, B)) for s in range(0, B, b)], lr, b, normalization),
                "there is an optimizer step after every micro-batch: step only after accumulation_steps micro-batches"))
    out.append((_sgd(reference, params, x, y, full, lr, b, normalization, keep_grads=True),
                "the gradients are not reset after an optimizer step: each update uses only its own micro-batches"))
    out.append((_sgd(reference, params, x, y, full, -lr, b, normalization),
                "the parameters move up the gradient: params <- params - lr * grads"))
    if a > 1:
        out.append((_sgd(reference, params, x, y, full, lr / a, b, normalization),
                    "the step is divided by accumulation_steps again: the accumulated gradient is already normalised, "
                    "params <- params - lr * grads"))
    if len(full) > 1:
        out.append((_sgd(reference, params, x, y, full, lr, b, normalization, frozen=True),
                    "every update's gradient is taken at the initial parameters: call accumulated_gradient with the "
                    "parameters as updated by the previous steps"))
    n_micro = len(range(0, B, b))
    if a > 1 and n_micro > 1:      # steps at micro-batches 0, a, 2a, ... (i % a == 0) and at the last one
        ends = sorted({i for i in range(0, n_micro, a)} | {n_micro - 1})
        shifted = [(ends[j - 1] * b + b if j else 0, min(e * b + b, B)) for j, e in enumerate(ends)]
        out.append((_sgd(reference, params, x, y, shifted, lr, b, normalization),
                    "the first update holds a single micro-batch: step when (i + 1) % accumulation_steps == 0 "
                    "(i counting micro-batches from 0), not when i % accumulation_steps == 0"))
    if normalization != "items":
        out.append((_sgd(reference, params, x, y, full, lr, b, "items"),
                    f"normalization={normalization!r} is not passed on, or each update's examples go in as one "
                    "micro-batch: every update must call accumulated_gradient(params, <its examples>, <its labels>, "
                    "micro_batch_size, normalization)"))
    return out


def _check(student, reference, params, x, y, b, a, lr, normalization, what, got=None, own=False):
    if got is None:
        proxy = student if own else student.with_reference(*HELPERS)
        got = proxy.train_with_accumulation(params, x, y, b, a, lr, *([normalization] if normalization != "default"
                                                                      else []))
    if not isinstance(got, dict) or "params" not in got or "losses" not in got:
        raise AssertionError(f"{what} must return a dict {{'params': dict, 'losses': array}}")
    default = normalization == "default"
    normalization = "items" if default else normalization
    want = reference.train_with_accumulation(params, x, y, b, a, lr, normalization)
    mistakes = _mistakes(reference, params, x, y, b, a, lr, normalization)
    if default:
        mistakes.insert(0, (_sgd(reference, params, x, y, [(s, min(s + b * a, x.shape[0])) for s in
                                                           range(0, x.shape[0], b * a)], lr, b, "batches"),
                            "the default of normalization is 'items' (as in the docstring's signature), not "
                            "'batches'"))
    for k in KEYS:   # the parameters first: a wrong number of updates changes the shape of 'losses'
        expect_array(got["params"][k], want["params"][k], f"{what}['params'][{k!r}]", rtol=RTOL, atol=ATOL,
                     mistakes=[(m["params"][k], msg) for m, msg in mistakes])
    expect_array(got["losses"], want["losses"], f"{what}['losses'] (one loss per optimizer update)",
                 rtol=RTOL, atol=ATOL, mistakes=[(m["losses"], msg) for m, msg in mistakes])
    return got, want


@pytest.mark.points(0.75)
def test_equals_large_batch_sgd(student, reference):
    rng = np.random.default_rng(30)
    params = _params(1, 3, 5, 3)
    x, y = rng.normal(size=(12, 3)), rng.integers(0, 3, size=12)
    what = "train_with_accumulation(12 examples, micro_batch_size=2, accumulation_steps=3, lr=0.3)"
    got, _ = _check(student, reference, params, x, y, 2, 3, 0.3, "items", what)
    sgd = _sgd(reference, params, x, y, [(0, 6), (6, 12)], 0.3, 6, "items")
    for k in KEYS:
        expect_array(got["params"][k], sgd["params"][k], f"{what}['params'][{k!r}] vs SGD with batches of 6",
                     rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_last_group_is_shorter(student, reference):
    rng = np.random.default_rng(31)
    params = _params(2, 4, 4, 2)
    x, y = rng.normal(size=(11, 5, 4)), rng.integers(0, 2, size=(11, 5))
    y[rng.random((11, 5)) < 0.3] = -100
    y[:, 0] = 1
    what = "train_with_accumulation(11 sequences, micro_batch_size=2, accumulation_steps=4, lr=0.5)"
    got, want = _check(student, reference, params, x, y, 2, 4, 0.5, "items", what)
    expect_equal(int(np.size(got["losses"])), 2, f"the number of updates of {what} "
                 "(6 micro-batches, 4 per update: ceil(6 / 4) = 2)")
    losses = got["losses"]
    expect_dtype(losses, np.float64, f"{what}['losses']", "np.array(losses, dtype=np.float64), not a Python list")


@pytest.mark.points(0.5)
def test_batches_normalization_and_other_settings(student, reference):
    rng = np.random.default_rng(32)
    params = _params(3, 3, 6, 4)
    x, y = rng.normal(size=(9, 3)), rng.integers(0, 4, size=9)
    for b, a, lr, normalization in [(2, 2, 0.8, "batches"), (3, 1, 0.2, "items"), (4, 5, 1.0, "items")]:
        what = (f"train_with_accumulation(9 examples, micro_batch_size={b}, accumulation_steps={a}, lr={lr}, "
                f"normalization={normalization!r})")
        _check(student, reference, params, x, y, b, a, lr, normalization, what)
    # updates of 3 + 3 and 3 + 1 examples: unequal micro-batches, so 'batches' differs from 'items'
    x10, y10 = rng.normal(size=(10, 3)), rng.integers(0, 4, size=10)
    _check(student, reference, params, x10, y10, 3, 2, 0.8, "batches", "train_with_accumulation(10 examples, "
           "micro_batch_size=3, accumulation_steps=2, lr=0.8, normalization='batches')")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(33)
    params = _params(4, 3, 4, 3)
    x, y = rng.normal(size=(8, 3)), rng.integers(0, 3, size=8)
    got = student.with_reference(*HELPERS).train_with_accumulation(params, x, y, 2, 2, 0.4, "items")
    expect_unchanged(student.last_call, "`params[k] -= lr * grads[k]` updates the caller's arrays (dict(params) "
                                        "copies only the dict): copy the arrays first ({k: v.copy() ...}) or write "
                                        "params = {k: params[k] - lr * grads[k] ...}")
    _check(student, reference, params, x, y, 2, 2, 0.4, "items", "train_with_accumulation(8 examples, "
           "micro_batch_size=2, accumulation_steps=2, lr=0.4)", got=got)


@pytest.mark.points(0.25)
def test_empty_epoch_zero_lr_and_default_normalization(student, reference):
    rng = np.random.default_rng(34)
    params = _params(5, 2, 3, 2)
    x, y = np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    what = "train_with_accumulation of an empty epoch (no examples: no update)"
    try:
        got = student.with_reference(*HELPERS).train_with_accumulation(params, x, y, 2, 2, 0.5)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise AssertionError(f"{what}: {exc}: an epoch without examples makes no update: return the params "
                             "unchanged and an empty float64 array of losses (np.array([]) or np.zeros(0))") from None
    expect_true(isinstance(got, dict) and "params" in got and "losses" in got,
                f"{what} must return a dict {{'params': dict, 'losses': array}}")
    expect_equal(np.shape(got["losses"]), (0,), f"the shape of 'losses' of {what}")
    for k in KEYS:
        expect_array(got["params"][k], params[k], f"{what}['params'][{k!r}]", rtol=0, atol=0)
    expect_new(student.last_call, "return copies of the parameters even when no update is made ({k: np.array(v, "
                                  "dtype=np.float64) ...}): the caller updates the result in place later, which "
                                  "would change the params it passed in")
    x, y = rng.normal(size=(7, 2)), rng.integers(0, 2, size=7)
    _check(student, reference, params, x, y, 2, 2, 0.0, "default", "train_with_accumulation(7 examples, "
           "micro_batch_size=2, accumulation_steps=2, lr=0) with the default normalization (lr=0: the parameters "
           "stay, the losses are still reported)")


@pytest.mark.points(0.25)
def test_random_epochs(student, reference):
    rng = np.random.default_rng(35)
    for case in range(3):
        D, H, C = (int(n) for n in rng.integers(1, 5, size=3))
        B, b, a = int(rng.integers(1, 14)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
        params = _params(int(rng.integers(1000)), D, H, C + 1)
        x, y = rng.normal(size=(B, D)), rng.integers(0, C + 1, size=B)
        lr, normalization = float(rng.uniform(0.01, 1.0)), ("items", "batches")[case % 2]
        _check(student, reference, params, x, y, b, a, lr, normalization,
               f"train_with_accumulation({B} random examples, micro_batch_size={b}, accumulation_steps={a}, "
               f"lr={lr:.3g}, normalization={normalization!r}) (case {case})")


@pytest.mark.points(0.25)
def test_with_your_accumulated_gradient(student, reference):
    rng = np.random.default_rng(36)
    params = _params(6, 3, 4, 3)
    x, y = rng.normal(size=(11, 3)), rng.integers(0, 3, size=11)
    _check(student, reference, params, x, y, 3, 2, 0.3, "items", "train_with_accumulation(11 examples, "
           "micro_batch_size=3, accumulation_steps=2, lr=0.3) computed with YOUR accumulated_gradient", own=True)
