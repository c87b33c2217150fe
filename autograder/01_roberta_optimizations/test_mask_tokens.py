"""Hidden tests of mask_tokens (mirrors transformers' DataCollatorForLanguageModeling.torch_mask_tokens,
with its three Bernoulli draws given as uniforms: a draw of probability q is True where u < q)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_dtype, expect_equal, expect_new, expect_true, expect_unchanged


def _batch(seed, B=4, S=24, V=100, ties=True):
    rng = np.random.default_rng(seed)
    ids = rng.integers(5, V, size=(B, S))
    special = np.zeros((B, S), dtype=np.int64)
    special[:, 0] = 1
    ends = rng.integers(S // 2, S, size=B)
    special[np.arange(B), ends] = 1                               # </s>
    special[np.arange(S)[None, :] > ends[:, None]] = 1              # padding
    ids[np.arange(S)[None, :] > ends[:, None]] = 1
    u_sel, u_rep, u_rnd = rng.random((3, B, S))
    u_sel[special == 1] = rng.random(int(special.sum())) * 0.05   # special tokens with small uniforms
    if ties:
        u_sel[rng.random((B, S)) < 0.1] = 0.15                     # exactly p: not selected (u < p)
        u_rep[rng.random((B, S)) < 0.1] = 0.8
    rand = rng.integers(0, V, size=(B, S))
    return ids, special, u_sel, u_rep, u_rnd, rand


def _variants(ids, special, u_sel, u_rep, u_rnd, rand, mask_id, p=0.15, rm=0.8, rr=0.1):
    """What known mistakes produce: (inputs, labels, message) triples."""
    out = []
    scaled = rr / (1 - rm) if rm < 1 else 0.0
    sel_all = u_sel < p
    sel = sel_all & (special == 0)
    rep = (u_rep < rm) & sel
    rnd = (u_rnd < scaled) & sel & ~rep
    good_inp = np.where(rnd, rand, np.where(rep, mask_id, ids))
    good_lab = np.where(sel, ids, -100)
    # special tokens not excluded
    rep2 = (u_rep < rm) & sel_all
    rnd2 = (u_rnd < scaled) & sel_all & ~rep2
    out.append((np.where(rnd2, rand, np.where(rep2, mask_id, ids)), np.where(sel_all, ids, -100),
                "special tokens or padding were selected: set their probability to 0 (special_tokens_mask) "
                "before the Bernoulli draw"))
    # random replacement with the unscaled probability
    rnd3 = (u_rnd < rr) & sel & ~rep
    out.append((np.where(rnd3, rand, np.where(rep, mask_id, ids)), good_lab,
                f"random tokens are drawn with probability {rr} among the non-<mask> positions: it must be rescaled "
                f"to random_replace_prob / (1 - mask_replace_prob) = {scaled:g}, so that a fraction "
                f"random_replace_prob = {rr:g} of ALL selected tokens become random"))
    # random replacement overwriting <mask>
    rnd4 = (u_rnd < scaled) & sel
    out.append((np.where(rnd4, rand, np.where(rep, mask_id, ids)), good_lab,
                "some <mask> positions were overwritten by random tokens: the random draw applies only to selected "
                "positions that were NOT replaced by the mask id (& ~indices_replaced)"))
    # labels from the corrupted inputs
    out.append((good_inp, np.where(sel, good_inp, -100),
                "labels hold the corrupted input: labels must keep the ORIGINAL token id at selected positions"))
    # <= instead of <
    sel5 = (u_sel <= np.where(special == 1, 0.0, p)) & (special == 0)
    rep5 = (u_rep <= rm) & sel5
    rnd5 = (u_rnd <= scaled) & sel5 & ~rep5
    out.append((np.where(rnd5, rand, np.where(rep5, mask_id, ids)), np.where(sel5, ids, -100),
                "a uniform exactly equal to the probability counts as a success: a Bernoulli(q) draw is u < q, not u <= q"))
    # labels not -100 outside the selection
    out.append((good_inp, ids, "labels must be -100 at every position that was not selected"))
    # older transformers: the random draw is a fixed Bernoulli(0.5), whatever the two probabilities
    rnd6 = (u_rnd < 0.5) & sel & ~rep
    out.append((np.where(rnd6, rand, np.where(rep, mask_id, ids)), good_lab,
                f"random tokens are drawn with a fixed probability 0.5 among the non-<mask> positions (older "
                f"transformers' collator): the probability is random_replace_prob / (1 - mask_replace_prob) = "
                f"{scaled:g} here"))
    # mlm_probability ignored
    sel7 = (u_sel < 0.15) & (special == 0)
    rep7 = (u_rep < rm) & sel7
    rnd7 = (u_rnd < scaled) & sel7 & ~rep7
    out.append((np.where(rnd7, rand, np.where(rep7, mask_id, ids)), np.where(sel7, ids, -100),
                f"tokens are selected with probability 0.15 whatever mlm_probability is: use the argument "
                f"(mlm_probability={p:g} here)"))
    # one uniform for both decisions: random where u_replace is in [rm, rm + rr), u_random unused
    rnd8 = (u_rep >= rm) & (u_rep < rm + rr) & sel
    out.append((np.where(rnd8, rand, np.where(rep, mask_id, ids)), good_lab,
                "the random replacement was decided with u_replace (u_replace in [mask_replace_prob, "
                "mask_replace_prob + random_replace_prob)): draw it with its own uniforms, u_random < "
                "random_replace_prob / (1 - mask_replace_prob), among the selected positions not replaced by <mask>"))
    return good_inp, good_lab, out


def _check(student, reference, args, kwargs, what, got=None, extra=()):
    if got is None:
        got = _call(student, args, kwargs, what)
    want_inp, want_lab = reference.mask_tokens(*args, **kwargs)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError(f"{what} must return a tuple (inputs, labels), got {type(got).__name__}")
    p = kwargs.get("mlm_probability", 0.15)
    rm = kwargs.get("mask_replace_prob", 0.8)
    rr = kwargs.get("random_replace_prob", 0.1)
    ids, special, u_sel, u_rep, u_rnd, rand, mask_id = args
    _, _, variants = _variants(np.asarray(ids), np.asarray(special), u_sel, u_rep, u_rnd, rand, mask_id, p, rm, rr)
    got_inp, got_lab = np.asarray(got[0]), np.asarray(got[1])
    both_mistakes = [(np.stack([vi, vl]), msg) for vi, vl, msg in variants] + list(extra)
    if got_inp.shape == want_inp.shape and got_lab.shape == want_lab.shape:
        expect_array(np.stack([got_inp, got_lab]), np.stack([want_inp, want_lab]),
                     f"{what}: (inputs, labels) stacked", rtol=0, atol=0, mistakes=both_mistakes)
    expect_equal(got_lab, want_lab, f"labels of {what}")
    expect_equal(got_inp, want_inp, f"inputs of {what}")


def _call(student, args, kwargs, what):
    try:
        return student.mask_tokens(*args, **kwargs)
    except StudentCodeError as exc:
        if exc.kind == "error" and "ZeroDivisionError" in str(exc):
            raise AssertionError(f"{what}: {exc}: when mask_replace_prob == 1 (or random_replace_prob == 0) "
                                 "return before computing random_replace_prob / (1 - mask_replace_prob), as "
                                 "transformers does") from None
        raise


@pytest.mark.points(1.5)
def test_matches_collator_default_probabilities(student, reference):
    defaults = {"mlm_probability": 0.15, "mask_replace_prob": 0.8, "random_replace_prob": 0.1}
    others = [("mlm_probability", q) for q in (0.1, 0.2, 0.25, 0.3)] + \
             [("mask_replace_prob", q) for q in (0.7, 0.9, 1.0)] + \
             [("random_replace_prob", q) for q in (0.0, 0.05, 0.2, 0.5)]
    for seed, (B, S) in [(10, (4, 24)), (11, (1, 40)), (12, (7, 9))]:
        ids, special, u_sel, u_rep, u_rnd, rand = _batch(seed, B, S)
        args = (ids, special, u_sel, u_rep, u_rnd, rand, 4)
        extra = [(np.stack(reference.mask_tokens(*args, **{name: q})),
                  f"these are the values for {name}={q}: called without it, mask_tokens must use the docstring's "
                  f"default {name}={defaults[name]}") for name, q in others]
        _check(student, reference, args, {}, f"mask_tokens on a ({B}, {S}) batch with padding, p=0.15, 80/10/10 "
               "(the default probabilities)", extra=extra)


@pytest.mark.points(1)
def test_other_probabilities(student, reference):
    ids, special, u_sel, u_rep, u_rnd, rand = _batch(13, 5, 30, ties=False)
    for p, rm, rr in [(0.3, 0.5, 0.4), (0.25, 0.6, 0.2)]:
        _check(student, reference, (ids, special, u_sel, u_rep, u_rnd, rand, 50264),
               {"mlm_probability": p, "mask_replace_prob": rm, "random_replace_prob": rr},
               f"mask_tokens with mlm_probability={p}, mask_replace_prob={rm}, random_replace_prob={rr}")


@pytest.mark.points(0.75)
def test_mask_only_and_special_tokens(student, reference):
    ids, special, u_sel, u_rep, u_rnd, rand = _batch(14, 3, 20)
    _check(student, reference, (ids, special, u_sel, u_rep, u_rnd, rand, 4),
           {"mask_replace_prob": 1.0, "random_replace_prob": 0.0},
           "mask_tokens with mask_replace_prob=1, random_replace_prob=0 (every selected token becomes <mask>)")
    # every uniform 0: every non-special token is selected and masked, no special token is
    zeros = np.zeros_like(u_sel)
    _check(student, reference, (ids, special, zeros, zeros, zeros, rand, 4), {},
           "mask_tokens with all uniforms 0 (every non-special token selected)")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    ids, special, u_sel, u_rep, u_rnd, rand = _batch(15, 3, 16)
    args = (ids.astype(np.int64), special, u_sel, u_rep, u_rnd, rand, 4)   # np.asarray(int64 ids) is no copy
    got = _call(student, args, {}, "mask_tokens")
    expect_unchanged(student.last_call, "np.asarray(input_ids) is the caller's own array: build the corrupted "
                                        "inputs with np.where(...) or on input_ids.copy(), never by assigning into it")
    _check(student, reference, args, {}, "mask_tokens on a (3, 16) batch", got=got)
    _call(student, (args[0], special, np.ones_like(u_sel), u_rep, u_rnd, rand, 4), {}, "mask_tokens")
    expect_new(student.last_call, "with no token selected (every u_select >= p) too, return new arrays: "
                                  "np.asarray of int64 input_ids is input_ids itself (copy it, or use np.where)")


@pytest.mark.points(0.5)
def test_boundary_probabilities_and_empty_batch(student, reference):
    ids, special, u_sel, u_rep, u_rnd, rand = _batch(16, 4, 20, ties=False)
    args = (ids, special, u_sel, u_rep, u_rnd, rand, 4)
    for p, rm, rr, note in [(0.0, 0.8, 0.1, "nothing is selected: labels all -100, inputs unchanged"),
                            (1.0, 0.8, 0.1, "every non-special token is selected"),
                            (0.5, 0.8, 0.2, "mask + random = 1: every selected token not masked becomes random"),
                            (0.5, 0.0, 1.0, "every selected token becomes random"),
                            (0.5, 0.0, 0.0, "every selected token stays unchanged (only the labels change)")]:
        _check(student, reference, args, {"mlm_probability": p, "mask_replace_prob": rm, "random_replace_prob": rr},
               f"mask_tokens with mlm_probability={p}, mask_replace_prob={rm}, random_replace_prob={rr} ({note})")
    empty = (np.zeros((0, 12), dtype=np.int64), np.zeros((0, 12), dtype=np.int64), *np.zeros((3, 0, 12)),
             np.zeros((0, 12), dtype=np.int64), 4)
    got = _call(student, empty, {}, "mask_tokens on an empty batch")
    expect_true(isinstance(got, (tuple, list)) and len(got) == 2,
                "mask_tokens on an empty batch (B = 0) must return a tuple (inputs, labels)")
    for name, value in zip(("inputs", "labels"), got):
        expect_equal(np.asarray(value).shape, (0, 12), f"the shape of {name} of mask_tokens on an empty (0, 12) batch")


@pytest.mark.points(0.25)
def test_returns_int64_for_any_integer_input(student, reference):
    ids, special, u_sel, u_rep, u_rnd, rand = _batch(17, 3, 18)
    args = (ids.astype(np.int32), special.astype(bool), u_sel, u_rep, u_rnd, rand.astype(np.int32), 4)
    got = _call(student, args, {}, "mask_tokens with int32 input_ids")
    _check(student, reference, args, {}, "mask_tokens with int32 input_ids and random_ids, a bool special_tokens_mask",
           got=got)
    for name, value in zip(("inputs", "labels"), got):
        expect_dtype(np.asarray(value), np.int64, f"{name} of mask_tokens with int32 input_ids",
                     "torch.long, what the loss expects, whatever the input's integer type: convert with "
                     "np.asarray(input_ids, dtype=np.int64)")


@pytest.mark.points(0.5)
def test_random_batches(student, reference):
    rng = np.random.default_rng(18)
    for case in range(4):
        B, S = (int(n) for n in rng.integers(1, 12, size=2))
        V = int(rng.integers(6, 500))
        ids = rng.integers(0, V, size=(B, S))
        special = (rng.random((B, S)) < 0.2).astype(np.int64)
        u_sel, u_rep, u_rnd = rng.random((3, B, S))
        rand = rng.integers(0, V, size=(B, S))
        p = float(rng.choice([0.15, rng.uniform(0.05, 0.95)]))
        rm = float(rng.uniform(0.0, 0.95))
        rr = float(rng.uniform(0.0, 1.0 - rm))
        _check(student, reference, (ids, special, u_sel, u_rep, u_rnd, rand, int(rng.integers(0, V))),
               {"mlm_probability": p, "mask_replace_prob": rm, "random_replace_prob": rr},
               f"mask_tokens on a random ({B}, {S}) batch (case {case}: mlm_probability={p:.3g}, "
               f"mask_replace_prob={rm:.3g}, random_replace_prob={rr:.3g})")
