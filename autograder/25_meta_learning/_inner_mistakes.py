"""Shared by the hidden tests of 25_meta_learning (imported from beside them; not a test file):
the adapted weights as known inner_adapt mistakes compute them, so that the meta-gradient and Reptile
tests can say "fix inner_adapt first" instead of a generic mismatch; and the checks both
meta-gradient functions' results get (a pair, a float64 gradient)."""
import numpy as np

from coursekit.expect import Mismatch, expect_dtype


def wrong_inner(w, X, y, alpha, steps):
    """Adapted weights as five known inner_adapt mistakes compute them (the last: each task's gradient
    divided by all T*K examples of the batch instead of its own K)."""
    T, K, D = X.shape
    out = []
    for factor, mean, sign, frozen in [(1.0, True, -1.0, False), (2.0, False, -1.0, False),
                                       (2.0, True, 1.0, False), (2.0, True, -1.0, True),
                                       (2.0 / max(T, 1), True, -1.0, False)]:
        W = np.tile(w, (T, 1)).astype(float)
        g0 = None
        for _ in range(steps):
            r = np.einsum("tkd,td->tk", X, W) - y
            g = factor * np.einsum("tkd,tk->td", X, r) / (K if mean else 1)
            if frozen:
                g0 = g if g0 is None else g0
                g = g0
            W = W + sign * alpha * g
        out.append(W)
    return out


INNER_HINT = "the adapted weights come from a wrong inner step: fix inner_adapt first (its own tests say what is wrong)"


def tasks(rng, T, K, Q, D):
    """w (D,), X_tr (T, K, D), y_tr (T, K), X_val (T, Q, D), y_val (T, Q) drawn from ``rng``."""
    return (rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K)),
            rng.normal(size=(T, Q, D)), rng.normal(size=(T, Q)))


def random_shapes(seed, n):
    """n seeded draws of (T, K, Q, D, alpha, steps) for the property tests: small, and never square by design."""
    rng = np.random.default_rng(seed)
    return [(int(rng.integers(1, 7)), int(rng.integers(1, 9)), int(rng.integers(1, 9)), int(rng.integers(1, 7)),
             float(rng.uniform(0.0, 0.3)), int(rng.integers(0, 5)), rng) for _ in range(n)]


PURE = "compute new arrays (W = W - ..., w_new = w + ...) and leave the arrays you are given as they are"


def meta_pair(got, what):
    """The student's (meta_loss, meta_grad), or Mismatch when it is not a pair."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (meta_loss, meta_grad), got {type(got).__name__}")
    return got


def expect_float64_meta_gradient(got, function):
    """The meta-gradient ``function`` returned for float32 inputs must still be a float64 array."""
    _, grad = meta_pair(got, function)
    expect_dtype(grad, np.float64, f"the meta-gradient of {function} with float32 inputs",
                 "convert the inputs with np.asarray(..., dtype=np.float64) first")
