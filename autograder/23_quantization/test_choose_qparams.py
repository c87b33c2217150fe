"""Hidden tests of choose_qparams (mirrors torch.ao.quantization.observer.MinMaxObserver and
PerChannelMinMaxObserver: calculate_qparams() for per-tensor / per-channel, affine / symmetric)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_true,
    expect_unchanged,
    type_name,
)

RTOL, ATOL = 1e-12, 0.0
EPS = float(np.finfo(np.float32).eps)


def _pair(got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (scale, zero_point), got {type(got).__name__}")
    return got


def _stats(x, axis, include_zero=True, reduce_channel_axis=False):
    """min and max as an observer computes them (and as two known mistakes compute them)."""
    if axis is None:
        lo, hi = x.min(), x.max()
    elif reduce_channel_axis:
        lo, hi = x.min(axis=axis), x.max(axis=axis)
    else:
        rows = np.moveaxis(x, axis, 0).reshape(x.shape[axis], -1)
        lo, hi = rows.min(1), rows.max(1)
    if include_zero:
        lo, hi = np.minimum(lo, 0.0), np.maximum(hi, 0.0)
    return lo, hi


def _affine(lo, hi, qmin, qmax, zp_rule="round"):
    scale = np.maximum((hi - lo) / (qmax - qmin), EPS)
    if zp_rule == "round":
        zp = qmin - np.round(lo / scale)
    elif zp_rule == "trunc":
        zp = qmin - np.trunc(lo / scale)
    else:  # sign flipped
        zp = qmin + np.round(lo / scale)
    return scale, np.clip(zp, qmin, qmax)


def _scale_mistakes(x, axis, symmetric, qmin, qmax):
    lo, hi = _stats(x, axis)
    raw = np.maximum(-lo, hi) / ((qmax - qmin) / 2) if symmetric else (hi - lo) / (qmax - qmin)
    out = [(raw, "the scale must be at least float32's machine epsilon, np.finfo(np.float32).eps, "
                 "so that an all-zero tensor does not give scale 0"),
           (np.maximum(raw, np.finfo(np.float64).eps),
            "the scale is clamped at float64's machine epsilon (2.2e-16): PyTorch's observers clamp it at float32's, "
            "np.finfo(np.float32).eps = 2**-23")]
    if symmetric:
        out.append((np.maximum(np.maximum(-lo, hi) / qmax, EPS),
                    f"the symmetric scale is max|x| / ((qmax - qmin) / 2) = max|x| / {(qmax - qmin) / 2:g} "
                    f"(PyTorch's MinMaxObserver), not max|x| / qmax"))
        out.append((np.maximum((hi - lo) / (qmax - qmin), EPS),
                    "this is the affine scale (max - min) / (qmax - qmin): symmetric uses max|x| / ((qmax - qmin) / 2)"))
    else:
        out.append((np.maximum((hi - lo) / (qmax - qmin + 1), EPS),
                    f"the range was divided by the number of levels qmax - qmin + 1 = {qmax - qmin + 1}: the affine "
                    f"scale is (max - min) / (qmax - qmin) = (max - min) / {qmax - qmin}"))
        raw_lo, raw_hi = _stats(x, axis, include_zero=False)
        out.append((np.maximum((raw_hi - raw_lo) / (qmax - qmin), EPS),
                    "extend the range to contain 0 first: min(min x, 0) and max(max x, 0)"))
    if axis is not None and x.ndim == 2 and x.shape[0] == x.shape[1]:
        wl, wh = _stats(x, axis, reduce_channel_axis=True)
        wrong = np.maximum(np.maximum(-wl, wh) / ((qmax - qmin) / 2), EPS) if symmetric else \
            np.maximum((wh - wl) / (qmax - qmin), EPS)
        out.append((wrong, f"per channel along axis {axis}, take the min and max over all the OTHER axes "
                           "(you reduced over the channel axis itself)"))
    return out


def _check(student, reference, x, what, axis=None, symmetric=False, qmin=-128, qmax=127):
    try:
        got = _pair(student.choose_qparams(x, axis, symmetric, qmin, qmax), what)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        hint = ("; a tensor (or channel) whose values are all 0 has min = max = 0: clamp the scale to at least "
                "np.finfo(np.float32).eps so that it is never 0") if not np.any(x) or (axis is not None and not np.all(
                    np.any(np.moveaxis(np.asarray(x), axis, 0).reshape(np.shape(x)[axis], -1), axis=1))) else ""
        raise Mismatch(f"{what}: your code failed ({exc}){hint}") from None
    want = reference.choose_qparams(x, axis, symmetric, qmin, qmax)
    expect_array(got[0], want[0], f"the scale of {what}", rtol=RTOL, atol=ATOL,
                 mistakes=_scale_mistakes(x, axis, symmetric, qmin, qmax))
    if not symmetric:
        lo, hi = _stats(x, axis)
        mistakes = [(np.clip(qmin - np.round(lo / _affine(lo, hi, qmin, qmax)[0]), -128, 127),
                     f"the zero point is clamped to int8's [-128, 127]: clamp it to the qmin, qmax you are given "
                     f"([{qmin}, {qmax}])"),
                    (_affine(lo, hi, qmin, qmax, "sign")[1],
                     "the zero point has the wrong sign: z = qmin - round(min / scale)"),
                    (_affine(lo, hi, qmin, qmax, "trunc")[1],
                     "round min / scale to the nearest integer (np.round, half to even); do not truncate it with int()"),
                    (qmin - lo / _affine(lo, hi, qmin, qmax)[0],
                     "the zero point must be an integer: z = qmin - round(min / scale)")]
        expect_array(got[1], want[1], f"the zero point of {what}", rtol=0, atol=0, mistakes=mistakes)
    expect_equal(np.asarray(got[1]).astype(np.int64), np.asarray(want[1]).astype(np.int64), f"the zero point of {what}")
    return got


@pytest.mark.points(0.75)
def test_per_tensor_affine_and_symmetric(student, reference):
    rng = np.random.default_rng(230)
    x = rng.normal(loc=0.7, scale=2.0, size=(5, 7))
    _check(student, reference, x, "choose_qparams(x) with x of shape (5, 7), int8 affine")
    _check(student, reference, x, "choose_qparams(x, symmetric=True), int8", symmetric=True)
    _check(student, reference, x, "choose_qparams(x, qmin=-8, qmax=7) (4-bit affine)", qmin=-8, qmax=7)
    _check(student, reference, x, "choose_qparams(x, qmin=0, qmax=255) (uint8 affine)", qmin=0, qmax=255)
    _check(student, reference, x, "choose_qparams(x, symmetric=True, qmin=-127, qmax=127) (Q8BERT's range)",
           symmetric=True, qmin=-127, qmax=127)


@pytest.mark.points(0.75)
def test_per_channel(student, reference):
    rng = np.random.default_rng(231)
    w = rng.normal(size=(6, 6)) * np.exp(rng.normal(size=(6, 1))) + 0.3
    for axis in (0, 1):
        for symmetric in (False, True):
            _check(student, reference, w, f"choose_qparams(w, axis={axis}, symmetric={symmetric}) with w of shape (6, 6)",
                   axis=axis, symmetric=symmetric)
    x3 = rng.normal(size=(3, 4, 5)) * 3.0
    _check(student, reference, x3, "choose_qparams(x, axis=1) with x of shape (3, 4, 5)", axis=1)
    _check(student, reference, x3, "choose_qparams(x, axis=-1, symmetric=True) with x of shape (3, 4, 5)",
           axis=-1, symmetric=True)


@pytest.mark.points(0.5)
def test_ranges_that_do_not_contain_zero_and_zero_tensors(student, reference):
    rng = np.random.default_rng(232)
    positive = rng.uniform(1.0, 3.0, size=(4, 6))
    _check(student, reference, positive, "choose_qparams(x) with every x in [1, 3]")
    _check(student, reference, -positive, "choose_qparams(x) with every x in [-3, -1]")
    _check(student, reference, positive, "choose_qparams(x, symmetric=True) with every x in [1, 3]", symmetric=True)
    _check(student, reference, -positive, "choose_qparams(x, qmin=0, qmax=255) (uint8) with every x in [-3, -1] "
                                          "(zero point 255)", qmin=0, qmax=255)
    zeros = np.zeros((3, 2))
    _check(student, reference, zeros, "choose_qparams(x, symmetric=True) with x all zeros", symmetric=True)
    _check(student, reference, zeros, "choose_qparams(x) with x all zeros")
    mixed = rng.normal(size=(3, 5))
    mixed[1] = 0.0
    mixed[2] = np.abs(mixed[2]) + 0.5
    _check(student, reference, mixed, "choose_qparams(w, axis=0) where row 1 is all zeros and row 2 all positive",
           axis=0)


@pytest.mark.points(0.25)
def test_defaults_one_dimensional_channels_and_types(student, reference):
    rng = np.random.default_rng(233)
    x = rng.normal(scale=2.0, size=(3, 4, 5))
    scale, zp = _pair(student.choose_qparams(x), "choose_qparams(x)")
    want = reference.choose_qparams(x)
    expect_array(scale, want[0], "the scale of choose_qparams(x) with every default (per tensor, affine, int8)",
                 rtol=RTOL, atol=ATOL, mistakes=_scale_mistakes(x, None, False, -128, 127))
    expect_true(type(scale) is float and type(zp) is int,
                f"choose_qparams(x) per tensor returned ({type_name(scale)}, {type_name(zp)}): the docstring "
                "promises a Python float and a Python int (float(scale), int(zero_point))")
    _check(student, reference, x, "choose_qparams(x, axis=-2, symmetric=True) with x of shape (3, 4, 5)", axis=-2,
           symmetric=True)
    v = rng.normal(size=6)
    scale, zp = _check(student, reference, v, "choose_qparams(v, axis=0) with v of shape (6,) (every value its own "
                                              "channel)", axis=0)
    expect_dtype(scale, np.float64, "choose_qparams(v, axis=0) per channel: scale")
    expect_true(isinstance(zp, np.ndarray) and zp.dtype.kind in "iu",
                "choose_qparams per channel must return a float64 array of scales and an integer array of zero "
                "points, as the docstring says")
    w32 = rng.normal(size=(4, 7)).astype(np.float32)
    scale, zp = _pair(student.choose_qparams(w32, 0), "choose_qparams(w, axis=0)")
    expect_dtype(scale, np.float64, "choose_qparams(w, axis=0) of float32 weights: scale",
                 "convert x with np.asarray(x, dtype=np.float64) first")
    _check(student, reference, w32, "choose_qparams(w, axis=0) with float32 w of shape (4, 7)", axis=0)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    w = np.random.default_rng(234).normal(size=(4, 5))
    for axis in (None, 0):
        student.choose_qparams(w, axis, False)
        expect_unchanged(student.last_call, "take min and max of the values without clipping or sorting x in place")


@pytest.mark.points(0.5)
def test_random_tensors(student, reference):
    rng = np.random.default_rng(235)
    for _ in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        x = rng.normal(loc=float(rng.choice([0.0, 2.0, -3.0])), scale=float(rng.choice([1e-3, 1.0, 100.0])), size=shape)
        axis = None if rng.random() < 0.4 else int(rng.integers(-len(shape), len(shape)))
        symmetric = bool(rng.random() < 0.5)
        qmin, qmax = [(-128, 127), (0, 255), (-8, 7)][int(rng.integers(3))] if not symmetric else (-128, 127)
        _check(student, reference, x, f"choose_qparams(x of shape {shape}, axis={axis}, symmetric={symmetric}, "
                                      f"qmin={qmin}, qmax={qmax}) (random draw)", axis=axis, symmetric=symmetric,
               qmin=qmin, qmax=qmax)
