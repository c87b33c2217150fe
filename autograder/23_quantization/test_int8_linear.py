"""Hidden tests of int8_linear: int8 x int8 products accumulated in int32 with an int32 bias, then rescaled
(the integer core of torch.ops.quantized.linear / torch._int_mm; Q8BERT's QuantizedLinear)."""
import warnings

import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged


def _pair(got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (acc, y), got {type(got).__name__}")
    return got


def _acc_mistakes(qx, zx, qw, sx, sw, b):
    M = qw.shape[0]
    sw = np.asarray(sw, float) * np.ones(M)
    qb = np.round(b / (sx * sw))
    x32, w32 = qx.astype(np.int64), qw.astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        narrow = ((qx - np.asarray(zx).astype(qx.dtype)) @ qw.T).astype(np.int64) + qb   # wraps like the inputs' dtype
        shifted = (qx - np.asarray(zx).astype(qx.dtype)).astype(np.int64)    # only the subtraction wraps
    return [
        (narrow, f"the products are accumulated in {qx.dtype} and wrap around: convert qx and qw to np.int32 "
                 "before subtracting the zero point and multiplying"),
        (shifted @ w32.T + qb, f"qx - x_zero_point is computed in {qx.dtype} and wraps around: convert qx to "
                               "np.int32 BEFORE subtracting the zero point"),
        (x32 @ w32.T + qb, "the activation zero point is not subtracted: use (qx - x_zero_point)"),
        ((x32 - zx) @ w32.T + np.trunc(b / (sx * sw)), "the quantized bias is truncated toward 0 (astype(int)): "
                                                       "round it to the nearest integer, np.round(bias / (x_scale * "
                                                       "w_scale))"),
        ((x32 - zx) @ w32.T + np.floor(b / (sx * sw)), "the quantized bias is rounded down (floor): round it to the "
                                                       "nearest integer, np.round(bias / (x_scale * w_scale))"),
        ((x32 - zx) @ w32.T, "the bias is missing from the accumulator: add round(bias / (x_scale * w_scale))"),
        ((x32 - zx) @ w32.T + np.round(b / sx), "the bias is quantized with x_scale only: its scale is x_scale * w_scale"),
        ((x32 - zx) @ w32.T + np.round(b / sw), "the bias is quantized with w_scale only: its scale is x_scale * w_scale"),
        ((x32 - zx) @ w32.T + np.round(b * sx * sw), "the bias is multiplied by its scale: divide by x_scale * w_scale"),
    ]


def _check(student, reference, qx, sx, zx, qw, sw, b, what):
    want_acc, want_y = reference.int8_linear(qx, sx, zx, qw, sw, b)
    got_acc, got_y = _pair(student.int8_linear(qx, sx, zx, qw, sw, b), what)
    got_acc = expect_array(got_acc, want_acc, f"the accumulator of {what}", rtol=0, atol=0,
                           mistakes=_acc_mistakes(qx, zx, qw, sx, sw, b))
    expect_true(got_acc.dtype.kind in "iu", f"the accumulator of {what} must be an integer array (int32), "
                                            f"got dtype {got_acc.dtype}")
    M = qw.shape[0]
    swv = np.asarray(sw, float) * np.ones(M)
    acc = np.asarray(want_acc, dtype=float)
    mistakes = [(acc * sx, "y is missing the weight scale: y = acc * x_scale * w_scale"),
                (acc * swv, "y is missing the activation scale: y = acc * x_scale * w_scale"),
                (acc, "y is the raw accumulator: rescale it by x_scale * w_scale"),
                (acc * sx * swv + np.asarray(b, dtype=float), "the bias was added twice: the accumulator already "
                 "holds the quantized bias, so y = acc * x_scale * w_scale with nothing added after the rescale")]
    if acc.shape[0] == acc.shape[1] and np.ndim(sw) == 1:
        mistakes.append((acc * sx * swv[:, None], "w_scale[m] belongs to output column m: multiply acc by "
                                                  "x_scale * w_scale[None, :], not along the rows"))
    expect_array(got_y, want_y, f"y of {what}", rtol=1e-12, atol=1e-12, mistakes=mistakes)


@pytest.mark.points(0.75)
def test_int32_accumulation_per_tensor(student, reference):
    rng = np.random.default_rng(237)
    qx = rng.integers(-128, 128, size=(8, 64)).astype(np.int8)
    qw = rng.integers(-127, 128, size=(6, 64)).astype(np.int8)
    b = rng.normal(size=6)
    _check(student, reference, qx, 0.03, -5, qw, 0.004, b,
           "int8_linear(qx, 0.03, -5, qw, 0.004, bias) with int8 qx (8, 64), qw (6, 64)")


@pytest.mark.points(0.75)
def test_uint8_activations_per_channel_weights(student, reference):
    rng = np.random.default_rng(238)
    qx = rng.integers(0, 256, size=(5, 48)).astype(np.uint8)
    qw = rng.integers(-127, 128, size=(5, 48)).astype(np.int8)
    sw = np.array([0.001, 0.004, 0.01, 0.02, 0.05])
    b = rng.normal(scale=2.0, size=5)
    _check(student, reference, qx, 0.02, 128, qw, sw, b,
           "int8_linear(qx, 0.02, 128, qw, w_scales, bias) with uint8 qx (5, 48), per-channel w_scales (5,)")


@pytest.mark.points(0.5)
def test_reproduces_a_float_layer(student, reference):
    rng = np.random.default_rng(239)
    X = rng.normal(size=(7, 96)) + 0.5
    W = rng.normal(scale=0.05, size=(11, 96)) * np.exp(rng.normal(size=(11, 1)))
    b = rng.normal(scale=0.2, size=11)
    sx, zx = reference.choose_qparams(X)
    sw, zw = reference.choose_qparams(W, axis=0, symmetric=True)
    qx = reference.quantize(X, sx, zx).astype(np.int8)
    qw = reference.quantize(W, sw, zw, axis=0).astype(np.int8)
    what = "int8_linear on X (7, 96), W (11, 96) quantized with MinMax parameters"
    _check(student, reference, qx, sx, zx, qw, sw, b, what)
    _, y = student.int8_linear(qx, sx, zx, qw, sw, b)
    rel = np.linalg.norm(np.asarray(y) - (X @ W.T + b)) / np.linalg.norm(X @ W.T + b)
    expect_true(rel < 0.02, f"{what}: y should be within 2% of X @ W.T + b, relative error {rel:.3g}")


@pytest.mark.points(0.25)
def test_int32_accumulator_one_row_and_one_output(student, reference):
    rng = np.random.default_rng(242)
    qx = rng.integers(-128, 128, size=(4, 32)).astype(np.int8)
    qw = rng.integers(-127, 128, size=(3, 32)).astype(np.int8)
    b = rng.normal(size=3)
    acc, y = _pair(student.int8_linear(qx, 0.05, np.int64(2), qw, 0.01, b), "int8_linear")
    expect_dtype(acc, np.int32, "the accumulator of int8_linear",
                 "the accumulator of int8 kernels; convert the inputs with .astype(np.int32)")
    expect_dtype(y, np.float64, "y of int8_linear")
    _check(student, reference, qx[:1], 0.05, 2, qw, 0.01, b, "int8_linear with one row of activations (N=1)")
    _check(student, reference, qx, 0.05, 2, qw[:1], np.array([0.02]), b[:1],
           "int8_linear with one output channel (M=1) and per-channel w_scale of shape (1,)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(243)
    qx = rng.integers(0, 256, size=(3, 16)).astype(np.uint8)
    qw = rng.integers(-127, 128, size=(4, 16)).astype(np.int8)
    student.int8_linear(qx, 0.02, 128, qw, np.array([0.01, 0.02, 0.03, 0.04]), rng.normal(size=4))
    expect_unchanged(student.last_call, "convert and shift into new arrays (qx.astype(np.int32) - x_zero_point); never "
                                        "write into qx, qw, w_scale or bias")


@pytest.mark.points(0.5)
def test_random_layers(student, reference):
    rng = np.random.default_rng(244)
    for _ in range(3):
        N, K, M = int(rng.integers(1, 9)), int(rng.integers(1, 129)), int(rng.integers(1, 9))
        unsigned = bool(rng.random() < 0.5)
        qx = rng.integers(0, 256, size=(N, K)).astype(np.uint8) if unsigned else \
            rng.integers(-128, 128, size=(N, K)).astype(np.int8)
        zx = int(rng.integers(0, 256)) if unsigned else int(rng.integers(-128, 128))
        qw = rng.integers(-127, 128, size=(M, K)).astype(np.int8)
        sw = rng.uniform(1e-3, 0.05, size=M) if rng.random() < 0.5 else float(rng.uniform(1e-3, 0.05))
        b = rng.normal(scale=float(rng.choice([0.01, 1.0, 10.0])), size=M)
        _check(student, reference, qx, float(rng.uniform(0.005, 0.1)), zx, qw, sw, b,
               f"int8_linear with {'uint8' if unsigned else 'int8'} qx ({N}, {K}), qw ({M}, {K}), "
               f"{'per-channel' if np.ndim(sw) else 'per-tensor'} w_scale (random draw)")
