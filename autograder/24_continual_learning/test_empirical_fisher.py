"""Hidden tests of empirical_fisher: the mean of squared per-example gradients of a softmax classifier,
as torch.func.vmap(torch.func.grad(loss)) per-sample gradients squared and averaged."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_float64_accuracy, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-14


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _mistakes(W, X, y):
    N = X.shape[0]
    P = _softmax(X @ W)
    Y = np.eye(W.shape[1])[y]
    R = P - Y
    F = (X ** 2).T @ (R ** 2) / N
    pred = np.eye(W.shape[1])[P.argmax(axis=1)]
    return [
        ((X.T @ R / N) ** 2, "this is the square of the mean gradient: the Fisher is the MEAN of the squared "
                             "PER-EXAMPLE gradients x_n (p_n - e_y)^T"),
        (F * N, "the squared per-example gradients are summed: take their mean over the N examples"),
        (F / N ** 2, "each per-example gradient is divided by N (the gradient of the batch-mean loss): use the "
                     "gradient of one example's loss, x_n (p_n - e_y)^T"),
        (F / N, "the squares of the per-example gradients of the batch-MEAN loss (x_n r_n^T / N) were summed: square "
                "the gradient of one example's loss, x_n (p_n - e_y)^T, and take the mean over the N examples"),
        ((X ** 2).T @ ((X @ W - Y) ** 2) / N, "the residual uses the logits: it is softmax(X W) - onehot(y)"),
        ((X ** 2).T @ ((P - pred) ** 2) / N, "the labels are the model's predictions: the empirical Fisher uses "
                                             "the observed labels y"),
        ((X.T @ np.abs(R)) / N, "the gradients are not squared: F = mean of (x_n r_n^T)**2"),
        (X.T @ (R ** 2) / N, "only the residuals were squared: the squared gradient (x_n r_n^T)**2 is "
                             "outer(x_n**2, r_n**2), so F = (X**2).T @ R**2 / N"),
        ((X ** 2).T @ ((P - np.isin(np.arange(W.shape[1]), y)) ** 2) / N,
         "1 was subtracted in the label columns of EVERY example (r[:, y] -= 1): subtract it only at each example's "
         "own label, r[np.arange(N), y] -= 1"),
        ((X ** 2).T @ (P * (1 - P)) / N, "this is the TRUE Fisher (labels drawn from the model: E_y[(p - e_y)^2] = "
                                         "p (1 - p)): the empirical Fisher uses the observed labels y, "
                                         "(x_n r_n^T)**2 with r_n = p_n - onehot(y_n)"),
        (np.where(np.arange(W.shape[1]) > y.max(), 0.0, F), "the classes above max(y) got no Fisher: the one-hot "
                                                            "labels need C = W.shape[1] columns (np.eye(C)[y]), not "
                                                            "y.max() + 1; a class absent from y still has p > 0"),
    ]


def _check(student, reference, W, X, y, what):
    want = reference.empirical_fisher(W, X, y)
    got = expect_array(student.empirical_fisher(W, X, y), want, what, rtol=RTOL, atol=ATOL,
                       mistakes=_mistakes(W, X, y))
    return got


@pytest.mark.points(0.75)
def test_matches_per_example_gradients(student, reference):
    rng = np.random.default_rng(240)
    X = rng.normal(size=(20, 5))
    W = rng.normal(size=(5, 3))
    y = rng.integers(0, 3, size=20)
    _check(student, reference, W, X, y, "empirical_fisher(W, X, y) with W (5, 3), X (20, 5)")
    X2 = np.hstack([rng.normal(size=(9, 6)), np.ones((9, 1))])
    W2 = rng.normal(scale=0.5, size=(7, 4))
    y2 = rng.integers(0, 4, size=9)
    _check(student, reference, W2, X2, y2, "empirical_fisher(W, X, y) with W (7, 4), X (9, 7) with a bias column")
    _check(student, reference, W2, X2, np.array([0, 1, 1, 0, 1, 0, 0, 1, 1]),
           "empirical_fisher(W, X, y) with W (7, 4) and labels only 0 and 1 (classes 2 and 3 never observed)")


@pytest.mark.points(0.75)
def test_one_example_and_duplicated_data(student, reference):
    rng = np.random.default_rng(241)
    X = rng.normal(size=(1, 4))
    W = rng.normal(size=(4, 2))
    y = np.array([1])
    got = _check(student, reference, W, X, y, "empirical_fisher on a single example (N = 1, C = 2)")
    X6, y6 = rng.normal(size=(6, 4)), rng.integers(0, 2, size=6)
    want = reference.empirical_fisher(W, X6, y6)
    doubled = student.empirical_fisher(W, np.vstack([X6, X6]), np.concatenate([y6, y6]))
    expect_array(doubled, want, "empirical_fisher on a dataset repeated twice (it must equal F of the dataset)",
                 rtol=RTOL, atol=ATOL, mistakes=[(2 * want, "the squared gradients are summed: take their mean")])
    expect_true(np.all(np.asarray(got) >= 0), "the Fisher is a mean of squares: it is never negative")


@pytest.mark.points(0.5)
def test_stable_for_confident_models(student, reference):
    rng = np.random.default_rng(242)
    X = rng.normal(size=(8, 3))
    W = rng.normal(scale=400.0, size=(3, 5))           # logits of size ~1e3: exp() overflows without the shift
    y = rng.integers(0, 5, size=8)
    _check(student, reference, W, X, y, "empirical_fisher with logits of size ~1000 (W scaled by 400)")


@pytest.mark.points(0.25)
def test_one_class_zero_inputs_and_dtype(student, reference):
    rng = np.random.default_rng(243)
    X, W = rng.normal(size=(5, 3)), rng.normal(size=(3, 1))
    _check(student, reference, W, X, np.zeros(5, dtype=int), "empirical_fisher with C=1 class (p = 1: every gradient "
                                                             "and the Fisher are 0)")
    X = rng.normal(size=(6, 4))
    X[2] = 0.0
    _check(student, reference, rng.normal(size=(4, 3)), X, rng.integers(0, 3, size=6),
           "empirical_fisher with an all-zero input row")
    X32, W32 = rng.normal(size=(5, 3)).astype(np.float32), rng.normal(size=(3, 2)).astype(np.float32)
    got = student.empirical_fisher(W32, X32, np.array([0, 1, 1, 0, 1], dtype=np.int32))
    expect_dtype(got, np.float64, "empirical_fisher of float32 W and X", "np.asarray(X, dtype=np.float64) first")
    want = reference.empirical_fisher(W32, X32, np.array([0, 1, 1, 0, 1]))
    expect_float64_accuracy(got, want, "empirical_fisher of float32 W and X", "convert W and X to float64 BEFORE "
                            "computing, not the result after", rtol=RTOL, atol=ATOL, float32_atol=1e-7)
    expect_array(got, want, "empirical_fisher of float32 W and X", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(244)
    student.empirical_fisher(rng.normal(size=(4, 3)), rng.normal(size=(7, 4)), rng.integers(0, 3, size=7))
    expect_unchanged(student.last_call, "compute the probabilities, residuals and squares into new arrays; never "
                                        "write into W, X or y")


@pytest.mark.points(0.25)
def test_random_models(student, reference):
    rng = np.random.default_rng(245)
    for _ in range(3):
        N, D, C = int(rng.integers(1, 30)), int(rng.integers(1, 8)), int(rng.integers(1, 6))
        W = rng.normal(scale=float(rng.choice([0.1, 1.0, 100.0])), size=(D, C))
        _check(student, reference, W, rng.normal(size=(N, D)), rng.integers(0, C, size=N),
               f"empirical_fisher(W ({D}, {C}), X ({N}, {D}), y) (random draw)")
