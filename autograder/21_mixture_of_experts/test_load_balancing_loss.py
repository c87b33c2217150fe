"""Hidden tests of load_balancing_loss: alpha * transformers' load_balancing_loss_func(probs, index),
i.e. alpha * N * mean over groups of sum_i f[g, i] * P[g, i]."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

RTOL, ATOL = 1e-12, 1e-15


def _case(seed, G, S, N, skew=1.0):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2.0, size=(G, S, N))
    logits[..., 0] += skew
    p = np.exp(logits - logits.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)
    return p, p.argmax(-1)


def _mistakes(p, idx, alpha):
    G, S, N = p.shape
    oh = (idx[..., None] == np.arange(N)).astype(float)
    f, P = oh.mean(1), p.mean(1)
    pooled_f, pooled_P = oh.reshape(-1, N).mean(0), p.reshape(-1, N).mean(0)
    return [
        (alpha * np.mean((f * P).sum(-1)), "the factor N (number of experts) is missing: alpha * N * sum_i f_i P_i"),
        (alpha * N * N * np.mean((f * P).sum(-1)), "the loss is N times too large: transformers takes mean(f * P) "
                                                     "over groups AND experts, times N**2, which is N * sum_i f_i P_i"),
        (alpha * N * np.mean((P * P).sum(-1)), "f was computed from the probabilities: f_i is the FRACTION OF TOKENS "
                                               "whose argmax expert is i (one-hot counts), P_i the mean probability"),
        (alpha * N * np.mean((f * f).sum(-1)), "P was computed from the token counts: P_i is the mean router "
                                               "probability of expert i (this is what carries the gradient)"),
        (alpha * N * (pooled_f * pooled_P).sum(), "f and P were pooled over all groups: compute them per group "
                                                  "(mean over the sequence axis) and average the G losses"),
        (N * np.mean((f * P).sum(-1)), "alpha is not applied: multiply by alpha"),
        (alpha * N * np.mean((oh.mean(0) * p.mean(0)).sum(-1)),
         "f and P were averaged over the groups (axis 0): average over the tokens of each group (axis 1, the "
         "sequence axis), then average the G losses"),
    ] + ([(alpha * (idx.max() + 1) * np.mean((f * P).sum(-1)),
           f"N was taken as expert_index.max() + 1 = {idx.max() + 1}: N is the number of experts, "
           f"router_probs.shape[-1] = {N} (an expert nobody chose still counts)")] if idx.max() + 1 != N else [])


def _capacity_masked_index(p, capacity_factor):
    """transformers 4.x's expert_index (section 5): the argmax of the capacity mask, so a dropped token
    (an all-zero row) counts as expert 0. It differs from p.argmax(-1) wherever a token is dropped."""
    G, S, N = p.shape
    one_hot = (p.argmax(-1)[..., None] == np.arange(N)).astype(float)
    cap = int(np.ceil(S / N * capacity_factor))
    return (one_hot * (np.cumsum(one_hot, axis=1) <= cap)).argmax(-1)


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    for seed, (G, S, N) in [(30, (4, 16, 4)), (31, (2, 9, 8))]:
        p, idx = _case(seed, G, S, N)
        expect_array(student.load_balancing_loss(p, idx, 0.01), reference.load_balancing_loss(p, idx, 0.01),
                     f"load_balancing_loss(probs of shape {(G, S, N)}, expert_index, alpha=0.01)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, idx, 0.01))
    # expert_index is an input: here it is not router_probs.argmax(-1) (section 5's transformers 4.x indices)
    p, argmax = _case(35, 2, 8, 4, skew=1.5)
    idx = _capacity_masked_index(p, 1.0)
    assert (idx != argmax).any()
    N = p.shape[-1]
    oh = (argmax[..., None] == np.arange(N)).astype(float)
    from_argmax = 0.01 * N * np.mean((oh.mean(1) * p.mean(1)).sum(-1))
    expect_array(student.load_balancing_loss(p, idx, 0.01), reference.load_balancing_loss(p, idx, 0.01),
                 "load_balancing_loss(probs of shape (2, 8, 4), expert_index, alpha=0.01) with the capacity-masked "
                 "expert_index of transformers 4.x (section 5), which differs from probs.argmax(-1)",
                 rtol=RTOL, atol=ATOL,
                 mistakes=[(from_argmax, "f was computed from router_probs.argmax(-1): count the tokens of each expert "
                                         "in the expert_index you are given (it need not be the argmax of the "
                                         "probabilities)")] + _mistakes(p, idx, 0.01))


@pytest.mark.points(0.75)
def test_alpha_and_single_group(student, reference):
    p, idx = _case(32, 1, 20, 5, skew=2.0)          # one group: exactly the paper's formula
    for alpha in (0.01, 1.0):
        expect_array(student.load_balancing_loss(p, idx, alpha), reference.load_balancing_loss(p, idx, alpha),
                     f"load_balancing_loss(probs of shape (1, 20, 5), expert_index, alpha={alpha})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, idx, alpha))


@pytest.mark.points(0.5)
def test_groups_differ_and_default_alpha(student, reference):
    # group 0 all on expert 0, group 1 all on expert 1: balanced overall, collapsed within each group
    N, S = 4, 6
    p = np.full((2, S, N), 0.1)
    p[0, :, 0] = 0.7; p[1, :, 1] = 0.7
    idx = np.array([[0] * S, [1] * S])
    expect_array(student.load_balancing_loss(p, idx), reference.load_balancing_loss(p, idx),
                 "load_balancing_loss(two groups each collapsed on a different expert) with the default alpha",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, idx, 0.01))


@pytest.mark.points(0.25)
def test_one_expert_uniform_routing_and_type(student, reference):
    p = np.ones((2, 5, 1))
    expect_array(student.load_balancing_loss(p, np.zeros((2, 5), dtype=np.int64), 0.3), 0.3,
                 "load_balancing_loss with N=1 expert (f = P = 1: the loss is alpha)", rtol=1e-12, atol=0)
    N, S = 4, 8
    p = np.full((1, S, N), 1.0 / N)
    idx = np.tile(np.arange(N), (1, S // N))
    got = student.load_balancing_loss(p, idx, 0.01)
    expect_array(got, 0.01, "load_balancing_loss of perfectly uniform routing (the minimum, alpha)", rtol=1e-12, atol=0,
                 mistakes=_mistakes(p, idx, 0.01))
    expect_python_float(got, "load_balancing_loss(router_probs, expert_index, alpha)", "np.sum, np.mean and np.log return NumPy floats")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    p, idx = _case(33, 2, 6, 3)
    student.load_balancing_loss(p, idx, 0.01)
    expect_unchanged(student.last_call, "compute f and P as new arrays; never write into router_probs or expert_index")


@pytest.mark.points(0.5)
def test_random_routers(student, reference):
    rng = np.random.default_rng(34)
    for _ in range(3):
        G, S, N = int(rng.integers(1, 5)), int(rng.integers(1, 20)), int(rng.integers(1, 8))
        p, idx = _case(int(rng.integers(1 << 30)), G, S, N, skew=float(rng.choice([0.0, 3.0, 30.0])))
        alpha = float(rng.choice([0.001, 0.01, 1.0]))
        expect_array(student.load_balancing_loss(p, idx, alpha), reference.load_balancing_loss(p, idx, alpha),
                     f"load_balancing_loss(probs of shape {(G, S, N)}, expert_index, alpha={alpha}) (random draw)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, idx, alpha))
