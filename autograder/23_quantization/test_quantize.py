"""Hidden tests of quantize (mirrors torch.quantize_per_tensor / torch.quantize_per_channel, .int_repr())."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged


def _mistakes(x, scale, zp, qmin, qmax, axis=None):
    x = np.asarray(x, dtype=float)
    s, z = np.asarray(scale, float), np.asarray(zp)
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        s, z = s.reshape(shape), z.reshape(shape)
    v = x / s
    out = [
        (np.clip(np.floor(v + 0.5) + z, qmin, qmax),
         "halves are rounded up: round half to even (np.round), so 0.5 -> 0, 1.5 -> 2, 2.5 -> 2"),
        (np.clip(np.sign(v) * np.floor(np.abs(v) + 0.5) + z, qmin, qmax),
         "halves are rounded away from zero: round half to even (np.round), so 0.5 -> 0, -2.5 -> -2"),
        (np.clip(np.trunc(v) + z, qmin, qmax), "x / scale is truncated: round it to the nearest integer (np.round)"),
        (np.clip(np.floor(v) + z, qmin, qmax), "x / scale is floored: round it to the nearest integer (np.round)"),
        (np.round(v) + z, f"values outside the range are not clamped: clip to [qmin, qmax] = [{qmin}, {qmax}]"),
        (np.clip(np.round(v), qmin, qmax) + z, "the zero point is added after clamping: add it before np.clip"),
        (np.clip(np.round(x * s) + z, qmin, qmax), "x is multiplied by the scale: divide by it"),
        (np.clip(np.round(v), qmin, qmax), "the zero point is missing: q = clamp(round(x / scale) + zero_point)"),
    ]
    if axis is not None and z.size > 1 and x.shape[-1] == z.size and axis % x.ndim != x.ndim - 1:
        out.append((np.clip(np.round(v) + np.asarray(zp), qmin, qmax),
                    f"the zero points are applied along the last axis: reshape zero_point like the scale, to "
                    f"broadcast along axis {axis}"))
    if axis is not None and x.ndim == 2 and x.shape[0] == x.shape[1] and axis % 2 == 0:
        flat_s, flat_z = np.asarray(scale, float), np.asarray(zp)
        out.append((np.clip(np.round(x / flat_s) + flat_z, qmin, qmax),
                    f"the per-channel scales are applied along the last axis: reshape them to broadcast along axis {axis}"))
    return out


def _check(student, reference, x, scale, zp, what, axis=None, qmin=-128, qmax=127):
    want = reference.quantize(x, scale, zp, axis, qmin, qmax)
    got = student.quantize(x, scale, zp, axis, qmin, qmax)
    got = expect_array(got, want, what, rtol=0, atol=0, mistakes=_mistakes(x, scale, zp, qmin, qmax, axis))
    expect_true(got.dtype.kind in "iu", f"{what} must return an integer array (np.int32), got dtype {got.dtype}")


@pytest.mark.points(0.75)
def test_per_tensor_rounds_and_clamps(student, reference):
    rng = np.random.default_rng(233)
    x = rng.normal(scale=3.0, size=(4, 9))
    x[0, :3] = [9.0, -9.0, 30.0]                      # beyond the range
    _check(student, reference, x, 0.05, -7, "quantize(x, scale=0.05, zero_point=-7) with x of shape (4, 9)")
    _check(student, reference, x, 0.03, 128, "quantize(x, 0.03, 128, qmin=0, qmax=255) (uint8)", qmin=0, qmax=255)
    _check(student, reference, x[1], 0.4, 2, "quantize(x, 0.4, 2, qmin=-8, qmax=7) (4 bits)", qmin=-8, qmax=7)


@pytest.mark.points(0.75)
def test_round_half_to_even(student, reference):
    k = np.arange(-6, 6)
    x = np.concatenate([(k + 0.5) * 0.25, [0.3, -0.9, 0.05]])   # 12 exact ties, then ordinary values
    _check(student, reference, x, 0.25, 0, "quantize(x, 0.25, 0) where x / 0.25 = -5.5, -4.5, ..., 5.5")
    _check(student, reference, x, 0.25, 3, "quantize(x, 0.25, 3) where x / 0.25 = -5.5, -4.5, ..., 5.5")
    _check(student, reference, x.reshape(3, 5), 0.125, -1,
           "quantize(x, 0.125, -1) on a (3, 5) array with exact halves")


@pytest.mark.points(0.5)
def test_per_channel(student, reference):
    rng = np.random.default_rng(234)
    w = rng.normal(size=(5, 5)) * 2.0
    scales = np.array([0.01, 0.02, 0.05, 0.1, 0.2])
    zps = np.array([0, 3, -2, 10, -128])
    _check(student, reference, w, scales, zps, "quantize(w, scales, zero_points, axis=0) with w of shape (5, 5)", axis=0)
    _check(student, reference, w, scales, zps, "quantize(w, scales, zero_points, axis=1) with w of shape (5, 5)", axis=1)
    x3 = rng.normal(size=(2, 3, 4))
    _check(student, reference, x3, np.array([0.01, 0.03, 0.1]), np.array([1, 0, -1]),
           "quantize(x, scales, zero_points, axis=1) with x of shape (2, 3, 4)", axis=1)
    _check(student, reference, x3, np.array([0.02, 0.04, 0.008, 0.1]), np.zeros(4, dtype=int),
           "quantize(x, scales, zeros, axis=-1) with x of shape (2, 3, 4)", axis=-1)


@pytest.mark.points(0.5)
def test_int32_huge_values_defaults_and_shapes(student, reference):
    rng = np.random.default_rng(236)
    x = rng.normal(size=(3, 4))
    got = student.quantize(x, 0.02, 3)
    expect_dtype(got, np.int32, "quantize(x, 0.02, 3)", ".astype(np.int32) after clipping; astype(int) gives int64")
    _check(student, reference, x, 0.02, 3, "quantize(x, 0.02, 3) with the defaults axis=None, qmin=-128, qmax=127")
    edges = np.array([-10.0, 10.0, -6.4, 6.35, 0.3])
    got = student.quantize(edges, 0.05, 0)
    expect_array(got, reference.quantize(edges, 0.05, 0, None, -128, 127),
                 "quantize(x, 0.05, 0) with x / scale = -200, 200, -128, 127, 6 and the default qmin, qmax", rtol=0,
                 atol=0, mistakes=[(np.clip(np.round(edges / 0.05), -127, 127),
                                    "the default range is qmin=-128, qmax=127 (int8), as the signature says"),
                                   (np.clip(np.round(edges / 0.05), -128, 128),
                                    "the default range is qmin=-128, qmax=127 (int8), as the signature says")]
                 + _mistakes(edges, 0.05, 0, -128, 127))
    big = np.array([1e8, -1e8, 3e7, -5e9, 1e300, 0.5])
    _check(student, reference, big, 0.01, 0,
           "quantize(x, 0.01, 0) with x / scale up to 1e10 and beyond (outside the int32 range: clamp in floating "
           "point, before converting to integers)")
    _check(student, reference, np.array(0.37), 0.1, -2, "quantize of a 0-d x (a scalar array)")
    _check(student, reference, np.zeros((0, 3)), 0.1, 0, "quantize of an empty x of shape (0, 3)")
    _check(student, reference, np.array([[3, -7, 200]]), 1.0, 0, "quantize of an integer array x")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(237)
    student.quantize(rng.normal(size=(3, 5)), 0.05, 2)
    expect_unchanged(student.last_call, "divide into a new array (x / scale, never x /= scale)")
    student.quantize(rng.normal(size=(3, 5)), np.array([0.01, 0.02, 0.05]), np.array([0, 1, -1]), 0)
    expect_unchanged(student.last_call, "reshape copies of scale and zero_point; never write into the arrays you are given")


@pytest.mark.points(0.25)
def test_random_tensors(student, reference):
    rng = np.random.default_rng(238)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        x = rng.normal(scale=float(rng.choice([0.1, 3.0, 1e3])), size=shape)
        qmin, qmax = [(-128, 127), (0, 255), (-8, 7)][int(rng.integers(3))]
        if rng.random() < 0.5:
            axis = int(rng.integers(-len(shape), len(shape)))
            C = shape[axis]
            scale, zp = rng.uniform(0.005, 0.5, size=C), rng.integers(qmin, qmax + 1, size=C)
        else:
            axis, scale, zp = None, float(rng.uniform(0.005, 0.5)), int(rng.integers(qmin, qmax + 1))
        _check(student, reference, x, scale, zp, f"quantize(x of shape {shape}, axis={axis}, qmin={qmin}, qmax={qmax}) "
                                                 "(random draw)", axis=axis, qmin=qmin, qmax=qmax)
