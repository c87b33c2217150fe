"""Hidden tests of task_head_loss: MT-DNN's CeCriterion, RegCriterion and RankCeCriterion on a linear head
(F.cross_entropy, F.mse_loss(out.squeeze(-1), y), F.cross_entropy(gamma * scores.view(-1, K), 0))."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_true, expect_unchanged

RTOL, ATOL = 1e-9, 1e-12


def _log_softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def _head(rng, d, c, scale=1.0):
    return {"W": rng.normal(scale=scale, size=(d, c)), "b": rng.normal(size=c)}


@pytest.mark.points(0.5)
def test_classification(student, reference):
    rng = np.random.default_rng(70)
    for B, d, C in [(6, 5, 3), (1, 4, 2), (9, 8, 7)]:
        H, head = rng.normal(size=(B, d)), _head(rng, d, C)
        y = rng.integers(0, C, size=B)
        want = reference.task_head_loss(H, head, "classification", y)
        lp = _log_softmax(H @ head["W"] + head["b"])
        nll = -lp[np.arange(B), y]
        mistakes = [(nll.sum(), "the cross-entropy is summed over the batch: average it over the B rows"),
                    (-(H @ head["W"] + head["b"])[np.arange(B), y].mean(),
                     "the logits are not normalised: subtract log-sum-exp over the classes (log-softmax) "
                     "before picking the label's entry"),
                    (-_log_softmax(H @ head["W"])[np.arange(B), y].mean(),
                     "the head's bias b is missing: the logits are hidden @ W + b")]
        if B > 1:
            mistakes.append((-_log_softmax(H @ head["W"] + head["b"], axis=0)[np.arange(B), y].mean(),
                             "the softmax runs over the batch (axis 0): normalise over the classes (last axis)"))
        expect_array(student.task_head_loss(H, head, "classification", y), want,
                     f"task_head_loss(H of shape ({B}, {d}), head with C={C}, 'classification', labels)",
                     rtol=RTOL, atol=ATOL, mistakes=mistakes)


@pytest.mark.points(0.5)
def test_regression(student, reference):
    rng = np.random.default_rng(71)
    for B, d in [(5, 4), (8, 3)]:
        H, head = rng.normal(size=(B, d)), _head(rng, d, 1)
        y = rng.normal(size=B) * 2
        want = reference.task_head_loss(H, head, "regression", y)
        out = H @ head["W"] + head["b"]
        expect_array(student.task_head_loss(H, head, "regression", y), want,
                     f"task_head_loss(H of shape ({B}, {d}), head with C=1, 'regression', targets)",
                     rtol=RTOL, atol=ATOL,
                     mistakes=[(np.mean((out - y) ** 2),
                                "the (B, 1) predictions minus the (B,) targets broadcast to a (B, B) matrix: "
                                "take column 0 of the head's output (shape (B,)) before subtracting"),
                               (np.sum((out[:, 0] - y) ** 2), "the squared errors are summed: take their mean"),
                               (np.mean(np.abs(out[:, 0] - y)), "this is the mean absolute error: square the errors"),
                               (np.sqrt(np.mean((out[:, 0] - y) ** 2)), "this is the root of the MSE: do not take "
                                                                          "the square root"),
                               (0.5 * np.mean((out[:, 0] - y) ** 2), "the MSE is halved (the textbook 1/2 factor): "
                                                                      "the loss is mean((prediction - target)**2), as "
                                                                      "F.mse_loss, without 0.5"),
                               (np.mean(((H @ head["W"])[:, 0] - y) ** 2),
                                "the head's bias b is missing: the prediction is (hidden @ W + b)[:, 0]")])


def _rank_mistakes(H, head, gamma):
    s = (H @ head["W"] + head["b"])[..., 0]                      # (B, K)
    return [(-_log_softmax(s)[:, 0].mean(), f"gamma is ignored: scale the scores by gamma={gamma} before the softmax"),
            (-_log_softmax(gamma * s, axis=0)[:, 0].mean(),
             "the softmax runs over the queries of the batch: normalise over the K candidates of each query (last axis)"),
            (-_log_softmax(gamma * s)[:, -1].mean(),
             "the last candidate is treated as the positive one: the positive is candidate 0"),
            (-_log_softmax(gamma * s)[:, 0].sum(), "the loss is summed over the queries: average it over the B queries"),
            (-_log_softmax(s / gamma)[:, 0].mean(), "the scores are divided by gamma: multiply them by gamma")]


@pytest.mark.points(0.75)
def test_ranking(student, reference):
    rng = np.random.default_rng(72)
    for B, K, d, gamma in [(4, 5, 6, 1.0), (3, 2, 4, 3.0), (5, 4, 3, 0.5)]:
        H, head = rng.normal(size=(B, K, d)), _head(rng, d, 1)
        want = reference.task_head_loss(H, head, "ranking", None, gamma)
        expect_array(student.task_head_loss(H, head, "ranking", None, gamma), want,
                     f"task_head_loss(H of shape ({B}, {K}, {d}), head with C=1, 'ranking', gamma={gamma})",
                     rtol=RTOL, atol=ATOL, mistakes=_rank_mistakes(H, head, gamma))


@pytest.mark.points(0.5)
def test_stable_for_large_scores(student, reference):
    rng = np.random.default_rng(73)
    H = rng.normal(size=(4, 3))
    head = {"W": rng.normal(scale=500.0, size=(3, 4)), "b": np.zeros(4)}
    y = np.array([0, 1, 2, 3])
    expect_array(student.task_head_loss(H, head, "classification", y),
                 reference.task_head_loss(H, head, "classification", y),
                 "task_head_loss('classification') with logits of size ~1000", rtol=1e-9, atol=1e-9)
    Hr = rng.normal(size=(3, 4, 3))
    rhead = {"W": rng.normal(scale=300.0, size=(3, 1)), "b": np.zeros(1)}
    expect_array(student.task_head_loss(Hr, rhead, "ranking", None, 4.0),
                 reference.task_head_loss(Hr, rhead, "ranking", None, 4.0),
                 "task_head_loss('ranking', gamma=4) with scores of size ~1000", rtol=1e-9, atol=1e-9,
                 mistakes=_rank_mistakes(Hr, rhead, 4.0))


@pytest.mark.points(0.5)
def test_default_gamma_single_rows_and_one_candidate(student, reference):
    rng = np.random.default_rng(75)
    H, head = rng.normal(size=(3, 4, 5)), _head(rng, 5, 1)
    expect_array(student.task_head_loss(H, head, "ranking"), reference.task_head_loss(H, head, "ranking"),
                 "task_head_loss(H of shape (3, 4, 5), head, 'ranking') with the defaults target=None, gamma=1",
                 rtol=RTOL, atol=ATOL,
                 mistakes=[(reference.task_head_loss(H, head, "ranking", None, g), f"this is the loss for gamma={g:g}: "
                            "the default gamma is 1.0") for g in (2.0, 5.0, 10.0, 0.5)] + _rank_mistakes(H, head, 1.0))
    s1 = 2.0 * (H[:, :1] @ head["W"] + head["b"])[:, 0, 0]                  # (B,): K = 1 squeezed away
    expect_array(student.task_head_loss(H[:, :1], head, "ranking", None, 2.0), 0.0,
                 "task_head_loss('ranking') with K=1 candidate per query (the positive is certain: loss 0)",
                 rtol=0, atol=1e-12,
                 mistakes=[(-_log_softmax(s1)[0], "with K=1 the scores were squeezed to shape (B,) and the softmax "
                            "ran over the queries: keep the candidate axis (scores[..., 0], not .squeeze())"),
                           (-_log_softmax(s1).mean(), "with K=1 the scores were squeezed to shape (B,) and the softmax "
                            "ran over the queries: keep the candidate axis (scores[..., 0], not .squeeze())")])
    H1, h1 = rng.normal(size=(1, 4)), _head(rng, 4, 1)
    y1 = np.array([0.7])
    expect_array(student.task_head_loss(H1, h1, "regression", y1), reference.task_head_loss(H1, h1, "regression", y1),
                 "task_head_loss('regression') on a batch of B=1", rtol=RTOL, atol=ATOL)
    H2, h2 = rng.normal(size=(5, 3)), _head(rng, 3, 4)
    y2 = np.array([3, 0, 2, 2, 1], dtype=np.int32)
    expect_array(student.task_head_loss(H2, h2, "classification", y2),
                 reference.task_head_loss(H2, h2, "classification", y2),
                 "task_head_loss('classification') with int32 labels", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_returns_a_python_float(student, reference):
    rng = np.random.default_rng(76)
    for kind, H, C, y in [("classification", rng.normal(size=(4, 3)), 3, np.array([0, 2, 1, 1])),
                          ("regression", rng.normal(size=(4, 3)), 1, rng.normal(size=4)),
                          ("ranking", rng.normal(size=(4, 2, 3)), 1, None),
                          ("ranking", rng.normal(size=(4, 1, 3)), 1, None)]:
        got = student.task_head_loss(H, _head(rng, 3, C), kind, y)
        expect_true(type(got) is float, f"task_head_loss(..., {kind!r}) with H of shape {H.shape} returned a "
                                        f"{type(got).__name__} ({got!r}): the docstring promises a Python float "
                                        "(0.0, not the int 0, when there is nothing to learn), return float(...)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(77)
    for kind, H, C, y in [("classification", rng.normal(size=(4, 3)), 3, np.array([0, 2, 1, 1])),
                          ("regression", rng.normal(size=(4, 3)), 1, rng.normal(size=4)),
                          ("ranking", rng.normal(size=(4, 2, 3)), 1, None),
                          ("ranking", rng.normal(size=(4, 1, 3)), 1, None)]:
        student.task_head_loss(H, _head(rng, 3, C), kind, y, 2.0)
        expect_unchanged(student.last_call, "compute the scores into new arrays (never out -= out.max(...) on "
                                            "hidden, the head's W or b, or the targets)")


@pytest.mark.points(0.5)
def test_random_heads(student, reference):
    rng = np.random.default_rng(78)
    for kind in ("classification", "regression", "ranking"):
        B, d, C, K = int(rng.integers(1, 8)), int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 6))
        gamma = float(rng.choice([0.5, 1.0, 5.0]))
        scale = float(rng.choice([0.1, 1.0, 30.0]))
        if kind == "ranking":
            H, head, y = rng.normal(size=(B, K, d)), _head(rng, d, 1, scale), None
        elif kind == "regression":
            H, head, y = rng.normal(size=(B, d)), _head(rng, d, 1, scale), rng.normal(size=B)
        else:
            H, head, y = rng.normal(size=(B, d)), _head(rng, d, C, scale), rng.integers(0, C, size=B)
        want = reference.task_head_loss(H, head, kind, y, gamma)
        expect_array(student.task_head_loss(H, head, kind, y, gamma), want,
                     f"task_head_loss(H of shape {H.shape}, head W {head['W'].shape}, {kind!r}, gamma={gamma:g}) "
                     "(random draw)", rtol=RTOL, atol=ATOL,
                     mistakes=_rank_mistakes(H, head, gamma) if kind == "ranking" else [])
