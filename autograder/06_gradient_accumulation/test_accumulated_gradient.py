"""Hidden tests of accumulated_gradient. normalization="items" mirrors transformers' Trainer with
num_items_in_batch (summed micro-batch loss / items of the whole update) and must equal the large-batch
gradient; normalization="batches" mirrors PyTorch's `(loss / accumulation_steps).backward()` per micro-batch.
Both were checked against torch.autograd (agreement to 1e-16).

accumulated_gradient is graded on its own: its calls of masked_cross_entropy and large_batch_gradient are
answered by the reference (student.with_reference); test_with_your_masked_cross_entropy checks them together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

HELPERS = ("masked_cross_entropy", "large_batch_gradient")

RTOL, ATOL = 1e-10, 1e-13
KEYS = ("W1", "b1", "W2", "b2")


def _params(seed, D, H, C):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(scale=0.7, size=(D, H)), "b1": rng.normal(scale=0.1, size=H),
            "W2": rng.normal(scale=0.7, size=(H, C)), "b2": rng.normal(scale=0.1, size=C)}


def _variant(reference, params, x, y, b, scale_of, drop_last=False, floor_k=False, strided=False,
             array_split=False, positions=False, k_plus_one=False):
    """Accumulation with a per-micro-batch scale scale_of(n_j, N, k, b): the known mistakes. floor_k: k = B // b
    (at least 1); k_plus_one: k = B // b + 1; strided: the micro-batches are x[j::k] instead of x[j*b:(j+1)*b]; array_split: k nearly equal
    parts (np.array_split); positions: n_j counts every position of the micro-batch, padding included."""
    B = x.shape[0]
    parts = [slice(s, s + b) for s in range(0, B, b)]
    if drop_last and B % b:
        parts = parts[:-1]
    k, N = len(range(0, B, b)), int((np.asarray(y) != -100).sum())
    if strided:
        parts = [slice(j, None, k) for j in range(k)]
    if array_split:
        parts = [slice(int(p[0]), int(p[-1]) + 1) for p in np.array_split(np.arange(B), k)]
    if floor_k:
        k = max(B // b, 1)
    if k_plus_one:
        k = B // b + 1
    loss, grads = 0.0, {n: np.zeros_like(p) for n, p in params.items()}
    for part in parts:
        logits, cache = reference.mlp_forward(params, x[part])
        ce = reference.masked_cross_entropy(logits, y[part])
        scale = scale_of(y[part].size if positions else ce["num_items"], N, k, b)
        loss += ce["loss_sum"] * scale
        for n, g in reference.mlp_backward(params, cache, ce["dlogits"] * scale).items():
            grads[n] += g
    return {"loss": loss, "grads": grads}


def _mistakes(reference, params, x, y, b, normalization):
    items = lambda n, N, k, b: 1.0 / N
    per_batch = lambda n, N, k, b: 1.0 / (n * k)
    out = []
    if normalization == "items":
        out += [(_variant(reference, params, x, y, b, per_batch),
                 "each micro-batch's MEAN loss is divided by the number of micro-batches: with normalization='items' "
                 "divide each micro-batch's SUMMED loss by the number of valid items of the whole batch"),
                (_variant(reference, params, x, y, b, lambda n, N, k, b: 1.0 / (b * k)),
                 "the losses are divided by micro_batch_size * number of micro-batches (the nominal batch size): "
                 "divide by the number of valid labels of the whole batch"),
                (_variant(reference, params, x, y, b, items, drop_last=True),
                 "the last, smaller micro-batch is dropped: the micro-batches are x[0:b], x[b:2b], ... up to the end"),
                (_variant(reference, params, x, y, b, lambda n, N, k, b: 1.0 / n),
                 "each micro-batch's summed loss is divided by its OWN number of valid items (a sum of micro-batch "
                 "means): with normalization='items' divide by the number of valid items N of the whole batch")]
    else:
        out += [(_variant(reference, params, x, y, b, items),
                 "normalization='batches' is PyTorch's loss / accumulation_steps: each micro-batch's MEAN loss "
                 "divided by the number of micro-batches k"),
                (_variant(reference, params, x, y, b, per_batch, floor_k=True),
                 "the number of micro-batches k is counted as B // micro_batch_size: k counts the last, smaller "
                 "micro-batch too, k = ceil(B / micro_batch_size)"),
                (_variant(reference, params, x, y, b, per_batch, k_plus_one=True),
                 "the number of micro-batches k is counted as B // micro_batch_size + 1, one too many when "
                 "micro_batch_size divides B: k = ceil(B / micro_batch_size) = -(-B // micro_batch_size)"),
                (_variant(reference, params, x, y, b, per_batch, strided=True),
                 "the micro-batches are not consecutive: they are the slices x[0:b], x[b:2b], ... in order "
                 "(not every k-th example x[j::k])"),
                (_variant(reference, params, x, y, b, per_batch, array_split=True),
                 "the micro-batches are k nearly equal parts (np.array_split): they are the slices x[0:b], "
                 "x[b:2b], ... of micro_batch_size examples, only the last one smaller"),
                (_variant(reference, params, x, y, b, per_batch, positions=True),
                 "each micro-batch's mean is taken over all its positions, padding included: with "
                 "normalization='batches' it is the mean over the micro-batch's valid items (labels != -100)"),
                (_variant(reference, params, x, y, b, lambda n, N, k, b: 1.0 / n),
                 "the micro-batch means are added without dividing by the number of micro-batches k: "
                 "the result is k times too large"),
                (_variant(reference, params, x, y, b, lambda n, N, k, b: 1.0 / k),
                 "each micro-batch's SUMMED loss is divided by k: with normalization='batches' divide its MEAN loss "
                 "(loss_sum / num_items of the micro-batch) by the number of micro-batches k"),
                (_variant(reference, params, x, y, b, per_batch, drop_last=True),
                 "the last, smaller micro-batch is dropped: the micro-batches are x[0:b], x[b:2b], ... up to the end")]
    return out


def _check(student, reference, params, x, y, b, normalization, what, got=None, own=False):
    if got is None:
        proxy = student if own else student.with_reference(*HELPERS)
        got = proxy.accumulated_gradient(params, x, y, b, *([normalization] if normalization != "default" else []))
    normalization = "items" if normalization == "default" else normalization
    if not isinstance(got, dict) or "grads" not in got or "loss" not in got:
        raise AssertionError(f"{what} must return a dict {{'loss': float, 'grads': dict}}")
    want = reference.accumulated_gradient(params, x, y, b, normalization)
    mistakes = _mistakes(reference, params, x, y, b, normalization)
    expect_array(got["loss"], want["loss"], f"{what}['loss']", rtol=RTOL, atol=ATOL,
                 mistakes=[(m["loss"], msg) for m, msg in mistakes])
    for k in KEYS:
        expect_array(got["grads"][k], want["grads"][k], f"{what}['grads'][{k!r}]", rtol=RTOL, atol=ATOL,
                     mistakes=[(m["grads"][k], msg) for m, msg in mistakes])
    return got


@pytest.mark.points(0.75)
def test_items_equal_large_batch_uneven_last_micro_batch(student, reference):
    rng = np.random.default_rng(20)
    for B, b in [(10, 4), (7, 3), (9, 2)]:
        params = _params(B, 3, 5, 4)
        x, y = rng.normal(size=(B, 3)), rng.integers(0, 4, size=B)
        what = f"accumulated_gradient(x of shape {x.shape}, micro_batch_size={b}, normalization='items')"
        got = _check(student, reference, params, x, y, b, "items", what)
        big = reference.large_batch_gradient(params, x, y)
        for k in KEYS:
            expect_array(got["grads"][k], big["grads"][k], f"{what}['grads'][{k!r}] vs the large-batch gradient",
                         rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.75)
def test_items_equal_large_batch_token_losses(student, reference):
    rng = np.random.default_rng(21)
    B, T, b = 8, 6, 2
    params = _params(5, 4, 5, 3)
    lengths = np.array([6, 1, 3, 6, 2, 5, 4, 1])
    x, y = rng.normal(size=(B, T, 4)), rng.integers(0, 3, size=(B, T))
    y[np.arange(T)[None, :] >= lengths[:, None]] = -100
    what = "accumulated_gradient(8 sequences of 1 to 6 tokens, micro_batch_size=2, normalization='items')"
    got = _check(student, reference, params, x, y, b, "items", what)
    big = reference.large_batch_gradient(params, x, y)
    expect_array(got["loss"], big["loss"], f"{what}['loss'] vs the large-batch loss", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.75)
def test_batches_is_the_pytorch_recipe(student, reference):
    rng = np.random.default_rng(22)
    params = _params(6, 3, 4, 3)
    x, y = rng.normal(size=(6, 5, 3)), rng.integers(0, 3, size=(6, 5))
    y[rng.random((6, 5)) < 0.4] = -100
    y[:, 0] = 1
    x7, y7 = rng.normal(size=(7, 4, 3)), rng.integers(0, 3, size=(7, 4))   # 3 micro-batches of 3, 3, 1: 7 // 3 = 2
    y7[rng.random((7, 4)) < 0.4] = -100
    y7[:, 0] = 2
    for xs, ys, b in ((x, y, 2), (x7, y7, 3), (x, y, 4)):
        what = f"accumulated_gradient(x of shape {xs.shape}, micro_batch_size={b}, normalization='batches')"
        _check(student, reference, params, xs, ys, b, "batches", what)


@pytest.mark.points(0.5)
def test_single_micro_batch_and_single_examples(student, reference):
    rng = np.random.default_rng(23)
    params = _params(7, 2, 3, 2)
    x, y = rng.normal(size=(5, 2)), rng.integers(0, 2, size=5)
    for b in (5, 8, 1):
        for normalization in ("items", "batches"):
            what = f"accumulated_gradient(x of shape (5, 2), micro_batch_size={b}, normalization={normalization!r})"
            _check(student, reference, params, x, y, b, normalization, what)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(24)
    params = _params(8, 3, 4, 3)
    x, y = rng.normal(size=(7, 3)), rng.integers(0, 3, size=7)
    got = student.with_reference(*HELPERS).accumulated_gradient(params, x, y, 3, "items")
    expect_unchanged(student.last_call, "accumulate into a new dict of zeros (grads = {k: np.zeros_like(v) ...}); "
                                        "never add into params or the arrays you were given")
    _check(student, reference, params, x, y, 3, "items", "accumulated_gradient(x of shape (7, 3), micro_batch_size=3)",
           got=got)
    expect_python_float(got["loss"], "accumulated_gradient(x of shape (7, 3), micro_batch_size=3)['loss']",
                        "weights like 1 / (labels != -100).sum() are NumPy scalars: float(loss)")


@pytest.mark.points(0.25)
def test_default_normalization(student, reference):
    rng = np.random.default_rng(25)
    params = _params(9, 2, 3, 3)
    x, y = rng.normal(size=(6, 4, 2)), rng.integers(0, 3, size=(6, 4))
    y[rng.random((6, 4)) < 0.5] = -100
    y[:, 0] = 2
    _check(student, reference, params, x, y, 4, "default",
           "accumulated_gradient(x of shape (6, 4, 2), micro_batch_size=4) with the default normalization='items'")


@pytest.mark.points(0.5)
def test_random_batches(student, reference):
    rng = np.random.default_rng(26)
    for case in range(4):
        D, H, C = (int(n) for n in rng.integers(1, 6, size=3))
        B, b = int(rng.integers(1, 12)), int(rng.integers(1, 6))
        params = _params(int(rng.integers(1000)), D, H, C + 1)
        shape = (B,) if case % 2 == 0 else (B, int(rng.integers(1, 5)))
        x, y = rng.normal(size=shape + (D,)), rng.integers(0, C + 1, size=shape)
        y[rng.random(shape) < 0.3] = -100
        y.reshape(B, -1)[:, 0] = 0                         # every micro-batch holds a valid label
        normalization = ("items", "batches")[case % 2]
        _check(student, reference, params, x, y, b, normalization,
               f"accumulated_gradient(random x of shape {x.shape}, micro_batch_size={b}, "
               f"normalization={normalization!r}) (case {case})")


@pytest.mark.points(0.25)
def test_with_your_masked_cross_entropy(student, reference):
    rng = np.random.default_rng(27)
    params = _params(10, 3, 4, 3)
    x, y = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    _check(student, reference, params, x, y, 2, "items", "accumulated_gradient(x of shape (5, 3), micro_batch_size=2) "
           "computed with YOUR masked_cross_entropy", own=True)
