"""Truncation by counting how many tokens of each text to keep (a dict, the texts sliced once at the end);
the mask position by np.flatnonzero; label scores by a masked nanmean over the gathered (B, K, W) logits;
softmax of (s - max) / T via log-sum-exp; the weights as a matrix product with a one-hot of the argmax."""

def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    import re
    pieces = [p for p in re.split(r"(\{a\}|\{b\})", pattern) if p]
    texts = {"{a}": tokenize(text_a) if "{a}" in pieces else [],
             "{b}": tokenize(text_b) if "{b}" in pieces else []}
    n_pattern = sum(len(tokenize(p)) for p in pieces if p not in texts) + 2
    keep = {"{a}": len(texts["{a}"]), "{b}": len(texts["{b}"])}
    excess = n_pattern + keep["{a}"] + keep["{b}"] - max_length
    while excess > 0 and keep["{a}"] + keep["{b}"] > 0:
        keep["{a}" if keep["{a}"] > keep["{b}"] else "{b}"] -= 1
        excess -= 1
    tokens = ["[CLS]"]
    for p in pieces:
        tokens += texts[p][:keep[p]] if p in texts else tokenize(p)
    tokens += ["[SEP]"]
    ids = np.array([vocab.get(t, vocab["[UNK]"]) for t in tokens], dtype=np.int64)
    mask_position = int(np.flatnonzero(np.array(tokens) == "[MASK]")[0])
    return {"tokens": tokens, "input_ids": ids.tolist(), "mask_position": mask_position}


def verbalizer_token_ids(verbalizer, labels, vocab):
    lengths = np.array([len(verbalizer[label]) for label in labels], dtype=np.int64)
    width = int(lengths.max()) if lengths.size else 0
    flat = np.array([vocab[w] for label in labels for w in verbalizer[label]], dtype=np.int64)
    out = np.full((len(labels), width), -1, dtype=np.int64)
    out[np.arange(width)[None, :] < lengths[:, None]] = flat
    return out


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    logits = np.asarray(mlm_logits, dtype=np.float64)
    ids = np.asarray(label_token_ids)
    b = np.arange(logits.shape[0])[:, None, None]
    m = np.asarray(mask_positions)[:, None, None]
    gathered = logits[b, m, np.maximum(ids, 0)[None]]                       # (B, K, W)
    gathered = np.where(ids[None] >= 0, gathered, np.nan)
    scores = np.nanmean(gathered, axis=-1)
    z = scores - scores.max(axis=-1, keepdims=True)
    probs = np.exp(z - np.log(np.exp(z).sum(axis=-1, keepdims=True)))
    return {"scores": scores, "probs": probs}


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    unl = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    labels = np.asarray(train_labels, dtype=np.int64)
    P, U, K = unl.shape
    if weighting == "accuracy":
        onehot = np.eye(tr.shape[-1])[labels]                                  # (N, K)
        pred = np.eye(tr.shape[-1])[tr.argmax(axis=-1)]                        # (P, N, K)
        w = (pred * onehot).sum(axis=(1, 2)) / labels.shape[0]
        if not w.any():
            w = np.ones(P)
    else:
        w = np.ones(P)
    s = (w @ unl.reshape(P, U * K)).reshape(U, K) / w.sum()
    z = (s - s.max(axis=-1, keepdims=True)) / T
    return np.exp(z - np.log(np.exp(z).sum(axis=-1, keepdims=True)))
