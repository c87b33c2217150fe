"""Hidden tests of fake_quantize: forward and backward of torch.fake_quantize_per_tensor_affine and
torch.fake_quantize_per_channel_affine (straight-through gradient, blocked where clipped)."""
import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_new, expect_unchanged

RTOL, ATOL = 1e-12, 1e-12


def _pair(got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (output, grad_input), got {type(got).__name__}")
    return got


def _bcast(x, scale, zp, axis):
    s, z = np.asarray(scale, float), np.asarray(zp)
    if axis is not None:
        shape = [1] * np.ndim(x)
        shape[axis] = -1
        s, z = s.reshape(shape), z.reshape(shape)
    return s, z


def _check(student, reference, x, scale, zp, g, what, axis=None, qmin=-128, qmax=127):
    want_y, want_g = reference.fake_quantize(x, scale, zp, g, axis, qmin, qmax)
    got_y, got_g = _pair(student.fake_quantize(x, scale, zp, g, axis, qmin, qmax), what)
    s, z = _bcast(x, scale, zp, axis)
    u = np.round(x / s) + z
    forward_mistakes = [
        (np.clip(u, qmin, qmax) * s, "the zero point is not subtracted before rescaling: output = scale * (q - zero_point)"),
        ((u - z) * s, f"the forward pass does not clamp: clip round(x / scale) + zero_point to [{qmin}, {qmax}]"),
        (np.clip(u, qmin, qmax) - z, "the output is still in integer units: multiply (q - zero_point) by the scale"),
    ]
    if axis is not None and np.ndim(x) == 2 and x.shape[0] == x.shape[1] and axis % 2 == 0:
        sl, zl = np.asarray(scale, float), np.asarray(zp)
        forward_mistakes.append(((np.clip(np.round(x / sl) + zl, qmin, qmax) - zl) * sl,
                                 f"the per-channel scales are applied along the last axis: reshape them to "
                                 f"broadcast along axis {axis}"))
    expect_array(got_y, want_y, f"the output of {what}", rtol=RTOL, atol=ATOL, mistakes=forward_mistakes)
    float_inside = (x / s + z >= qmin) & (x / s + z <= qmax)
    no_zero_point = np.where((np.round(x / s) >= qmin) & (np.round(x / s) <= qmax), g, 0.0)
    if np.array_equal(no_zero_point, g):     # on this input a mask without the zero point blocks nothing either
        passes = [(g, "the gradient passes everywhere on this input: block it (0) where round(x / scale) + zero_point "
                      "(zero point included) falls outside [qmin, qmax], as PyTorch's fake_quantize backward does")]
    else:
        passes = [(no_zero_point, "the gradient mask forgets the zero point: block the gradient where "
                                  "round(x / scale) + zero_point (not round(x / scale)) falls outside [qmin, qmax]"),
                  (g, "the gradient passes everywhere: block it (0) where round(x / scale) + zero_point falls outside "
                      "[qmin, qmax], as PyTorch's fake_quantize backward does")]
    backward_mistakes = passes + [
        (np.zeros_like(g), "the gradient is zero everywhere: the straight-through estimator passes grad_output "
                           "unchanged inside the range"),
        (np.where((u > qmin) & (u < qmax), g, 0.0),
         "values that land exactly on qmin or qmax lost their gradient: the mask is inclusive, "
         "qmin <= round(x / scale) + zero_point <= qmax"),
        (np.where(float_inside, g, 0.0), "the mask is computed before rounding: use the rounded value "
                                         "round(x / scale) + zero_point (a value that rounds to qmax keeps its gradient)"),
        (g * s * np.ones_like(g), "the gradient is multiplied by the scale: the straight-through estimator passes "
                                  "grad_output unchanged inside the range"),
    ]
    expect_array(got_g, want_g, f"the gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=backward_mistakes)


@pytest.mark.points(0.75)
def test_forward_per_tensor(student, reference):
    rng = np.random.default_rng(235)
    x = rng.normal(scale=6.0, size=(3, 8))
    x[0, :2] = [40.0, -40.0]
    g = rng.normal(size=x.shape)
    _check(student, reference, x, 0.1, 5, g, "fake_quantize(x, 0.1, 5, g) with x of shape (3, 8)")
    _check(student, reference, x, 0.75, -2, g, "fake_quantize(x, 0.75, -2, g, qmin=-8, qmax=7) (4 bits)",
           qmin=-8, qmax=7)


@pytest.mark.points(0.75)
def test_gradient_mask_at_the_edges(student, reference):
    # x / 0.5 + 3 = 126.4 (inside), 127.3 (rounds to 127: inside), 127.6 (rounds to 128: clipped),
    # -128.4 (rounds to -128: inside), -128.6 (clipped), 0, 50, -200, 300, and exactly 127 and -128 (inside)
    u = np.array([126.4, 127.3, 127.6, -128.4, -128.6, 0.0, 50.2, -200.0, 300.0, 127.0, -128.0])
    x = (u - 3) * 0.5
    g = np.linspace(0.5, 2.5, u.size)
    _check(student, reference, x, 0.5, 3, g, "fake_quantize(x, 0.5, 3, g) with x near both ends of the range")
    x2 = np.array([[0.1, 0.26, 0.3], [-0.3, -0.34, 0.02]])
    _check(student, reference, x2, 0.02, 0, np.full((2, 3), -1.5),
           "fake_quantize(x, 0.02, 0, g, qmin=-16, qmax=15) (5 bits)", qmin=-16, qmax=15)


@pytest.mark.points(0.5)
def test_per_channel(student, reference):
    rng = np.random.default_rng(236)
    w = rng.normal(size=(4, 4)) * np.array([[0.1], [1.0], [3.0], [10.0]])
    scales = np.array([0.002, 0.01, 0.02, 0.05])
    zps = np.array([0, 2, -3, 0])
    g = rng.normal(size=w.shape)
    _check(student, reference, w, scales, zps, g, "fake_quantize(w, scales, zero_points, g, axis=0), w of shape (4, 4)",
           axis=0)
    x3 = rng.normal(size=(2, 3, 5)) * 4.0
    _check(student, reference, x3, np.array([0.01, 0.05, 0.03]), np.array([0, 1, -1]), rng.normal(size=x3.shape),
           "fake_quantize(x, scales, zero_points, g, axis=1), x of shape (2, 3, 5)", axis=1)


@pytest.mark.points(0.25)
def test_defaults_huge_values_and_dtypes(student, reference):
    rng = np.random.default_rng(239)
    x, g = rng.normal(scale=3.0, size=(2, 2, 5))
    want_y, want_g = reference.fake_quantize(x, 0.05, 1, g)
    got_y, got_g = _pair(student.fake_quantize(x, 0.05, 1, g), "fake_quantize(x, 0.05, 1, g)")
    expect_array(got_y, want_y, "the output of fake_quantize(x, 0.05, 1, g) with the defaults axis=None, qmin=-128, "
                                "qmax=127", rtol=RTOL, atol=ATOL)
    expect_array(got_g, want_g, "the gradient of fake_quantize(x, 0.05, 1, g) with the defaults", rtol=RTOL, atol=ATOL)
    big = np.array([1e9, -1e9, 1e300, 0.2])
    _check(student, reference, big, 0.01, 0, np.ones(4), "fake_quantize with x / scale far outside the int32 range")
    got_y, got_g = _pair(student.fake_quantize(x.astype(np.float32), 0.05, 1, g.astype(np.float32)), "fake_quantize")
    expect_dtype(got_y, np.float64, "fake_quantize of float32 inputs: output")
    expect_dtype(got_g, np.float64, "fake_quantize of float32 inputs: grad_input")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(240)
    x = rng.normal(scale=8.0, size=(3, 6))
    student.fake_quantize(x, 0.05, 2, rng.normal(size=(3, 6)))
    expect_unchanged(student.last_call, "build grad_input as a new array (np.where(inside, grad_output, 0)); never "
                                        "zero grad_output in place")
    small = rng.normal(scale=0.5, size=(2, 5))          # nothing is clipped: every gradient passes
    g = rng.normal(size=(2, 5))
    got_y, got_g = _pair(student.fake_quantize(small, 0.05, 2, g), "fake_quantize(x, 0.05, 2, g)")
    expect_new(student.last_call, "return grad_input as a new array even when nothing is clipped "
                                  "(np.where(inside, grad_output, 0.0)), never grad_output itself or a view of it")
    expect_array(got_g, g, "the gradient of fake_quantize(x, 0.05, 2, g) where nothing is clipped", rtol=0, atol=0)


@pytest.mark.points(0.25)
def test_random_tensors(student, reference):
    rng = np.random.default_rng(241)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        x = rng.normal(scale=float(rng.choice([0.5, 5.0, 50.0])), size=shape)
        g = rng.normal(size=shape)
        qmin, qmax = [(-128, 127), (0, 255), (-8, 7)][int(rng.integers(3))]
        if rng.random() < 0.5:
            axis = int(rng.integers(-len(shape), len(shape)))
            scale, zp = rng.uniform(0.01, 0.5, size=shape[axis]), rng.integers(qmin, qmax + 1, size=shape[axis])
        else:
            axis, scale, zp = None, float(rng.uniform(0.01, 0.5)), int(rng.integers(qmin, qmax + 1))
        _check(student, reference, x, scale, zp, g, f"fake_quantize(x of shape {shape}, axis={axis}, qmin={qmin}, "
                                                    f"qmax={qmax}) (random draw)", axis=axis, qmin=qmin, qmax=qmax)
