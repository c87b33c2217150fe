"""Fills the pattern with str.partition around the placeholders and truncates by popping from copies of
the token lists; scores by looping over the labels (allowed) with np.mean of the valid columns;
ensemble with a loop over the PVPs accumulating the weighted sum."""


def _split(pattern):
    # list of ("text", str) / ("a",) / ("b",) pieces in order
    out, rest = [], pattern
    while rest:
        ia, ib = rest.find("{a}"), rest.find("{b}")
        cands = [(i, k) for i, k in ((ia, "a"), (ib, "b")) if i >= 0]
        if not cands:
            out.append(("text", rest))
            break
        i, k = min(cands)
        before, _, rest = rest.partition("{" + k + "}")
        if before:
            out.append(("text", before))
        out.append((k,))
    return out


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    pieces = _split(pattern)
    has = {p[0] for p in pieces}
    a = list(tokenize(text_a)) if "a" in has else []
    b = list(tokenize(text_b)) if "b" in has else []
    fixed = [tokenize(p[1]) for p in pieces if p[0] == "text"]
    n_fixed = sum(len(f) for f in fixed) + 2
    while n_fixed + len(a) + len(b) > max_length and (a or b):
        if len(a) > len(b):
            a.pop()
        else:
            b.pop()
    tokens = ["[CLS]"]
    for p in pieces:
        tokens.extend(tokenize(p[1]) if p[0] == "text" else (a if p[0] == "a" else b))
    tokens.append("[SEP]")
    mask_position = next(i for i, t in enumerate(tokens) if t == "[MASK]")
    return {"tokens": tokens, "input_ids": [int(vocab.get(t, vocab["[UNK]"])) for t in tokens],
            "mask_position": int(mask_position)}


def verbalizer_token_ids(verbalizer, labels, vocab):
    words = [verbalizer[label] for label in labels]
    width = max(map(len, words)) if words else 0
    out = -np.ones((len(labels), width), dtype=np.int64)
    for k, ws in enumerate(words):
        out[k, :len(ws)] = [vocab[w] for w in ws]
    return out


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    logits = np.asarray(mlm_logits).astype(np.float64)
    ids = np.asarray(label_token_ids)
    at_mask = logits[np.arange(logits.shape[0]), np.asarray(mask_positions)]
    scores = np.empty((logits.shape[0], ids.shape[0]))
    for k in range(ids.shape[0]):
        row = ids[k][ids[k] >= 0]
        scores[:, k] = np.mean(at_mask[:, row], axis=1)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return {"scores": scores, "probs": e / np.sum(e, axis=1, keepdims=True)}


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    unl = np.asarray(unlabeled_scores).astype(np.float64)
    tr = np.asarray(train_scores).astype(np.float64)
    labels = np.asarray(train_labels)
    weights = []
    for p in range(unl.shape[0]):
        weights.append(1.0 if weighting == "uniform" else float(np.mean(np.argmax(tr[p], axis=-1) == labels)))
    if sum(weights) == 0:
        weights = [1.0] * unl.shape[0]
    total = np.zeros(unl.shape[1:])
    for p, w in enumerate(weights):
        total = total + w * unl[p]
    s = total / sum(weights)
    z = (s - np.max(s, axis=-1, keepdims=True)) / T
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
