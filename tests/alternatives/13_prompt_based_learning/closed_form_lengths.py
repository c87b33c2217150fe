"""Truncation in closed form instead of a token-by-token loop: the longer text is cut down to the
other's length, then the rest is split with text_a keeping the extra token; scores through a (K, V)
averaging matrix (np.add.at), the softmax via log-sum-exp; the ensemble weights by einsum."""

import re as _re


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    pieces = _re.split(r"(\{a\}|\{b\})", pattern)
    ta = tokenize(text_a) if "{a}" in pieces else []
    tb = tokenize(text_b) if "{b}" in pieces else []
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    budget = max(0, max_length - fixed)
    la, lb = len(ta), len(tb)
    if la + lb > budget:
        if la - lb >= la + lb - budget:            # only a is cut
            la = budget - lb
        elif lb - la >= la + lb - budget:          # only b is cut
            lb = budget - la
        else:                                       # both end balanced, a keeps the odd token
            la, lb = (budget + 1) // 2, budget // 2
    tokens = ["[CLS]"]
    for p in pieces:
        if p == "{a}":
            tokens += ta[:la]
        elif p == "{b}":
            tokens += tb[:lb]
        else:
            tokens += tokenize(p)
    tokens.append("[SEP]")
    ids = [vocab[t] if t in vocab else vocab["[UNK]"] for t in tokens]
    return {"tokens": tokens, "input_ids": [int(i) for i in ids], "mask_position": int(tokens.index("[MASK]"))}


def verbalizer_token_ids(verbalizer, labels, vocab):
    rows = [[vocab[w] for w in verbalizer[label]] for label in labels]
    width = max((len(r) for r in rows), default=0)
    return np.array([r + [-1] * (width - len(r)) for r in rows], dtype=np.int64).reshape(len(rows), width)


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    logits = np.asarray(mlm_logits, dtype=np.float64)
    ids = np.asarray(label_token_ids, dtype=np.int64)
    B, _, V = logits.shape
    K = ids.shape[0]
    rows, cols = np.nonzero(ids >= 0)
    avg = np.zeros((K, V))
    np.add.at(avg, (rows, ids[rows, cols]), 1.0)
    avg /= avg.sum(axis=1, keepdims=True)
    at_mask = logits[np.arange(B), np.asarray(mask_positions, dtype=np.int64)]
    scores = at_mask @ avg.T
    m = scores.max(axis=1, keepdims=True)
    log_z = m + np.log(np.exp(scores - m).sum(axis=1, keepdims=True))
    return {"scores": scores, "probs": np.exp(scores - log_z)}


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    unl = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    labels = np.asarray(train_labels)
    P = unl.shape[0]
    w = np.ones(P)
    if weighting == "accuracy":
        correct = (tr.argmax(axis=2) == labels).sum(axis=1)
        if correct.sum() > 0:
            w = correct / labels.shape[0]
    s = np.einsum("p,puk->uk", w, unl) / w.sum()
    z = (s - s.max(axis=1, keepdims=True)) / T
    log_z = np.log(np.exp(z).sum(axis=1, keepdims=True))
    return np.exp(z - log_z)
