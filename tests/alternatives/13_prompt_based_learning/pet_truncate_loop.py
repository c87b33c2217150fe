"""As PET's PVP.encode + truncate (pet/pvp.py): the pattern is split into parts (text_a / text_b
shortenable, the pattern words not), tokens are removed one at a time from the longer shortenable part
(from b on ties) for the computed number of excess tokens; labels gathered by np.take_along_axis."""

import re as _re


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    parts = []                                      # [tokens, shortenable]
    for piece in _re.split(r"(\{a\}|\{b\})", pattern):
        if piece == "{a}":
            parts.append([tokenize(text_a), "a"])
        elif piece == "{b}":
            parts.append([tokenize(text_b), "b"])
        elif piece:
            parts.append([tokenize(piece), None])

    def length(which):
        return sum(len(p[0]) for p in parts if p[1] == which)

    total = sum(len(p[0]) for p in parts) + 2
    for _ in range(max(0, total - max_length)):
        la, lb = length("a"), length("b")
        if la == 0 and lb == 0:
            break
        which = "a" if la > lb else "b"
        for p in parts:
            if p[1] == which and p[0]:
                p[0] = p[0][:-1]
                break
    tokens = ["[CLS]"] + [t for p in parts for t in p[0]] + ["[SEP]"]
    unk = vocab["[UNK]"]
    return {"tokens": tokens,
            "input_ids": [int(vocab.get(t, unk)) for t in tokens],
            "mask_position": tokens.index("[MASK]")}


def verbalizer_token_ids(verbalizer, labels, vocab):
    width = max([len(verbalizer[label]) for label in labels], default=0)
    ids = np.full((len(labels), width), -1, dtype=np.int64)
    for k, label in enumerate(labels):
        for j, word in enumerate(verbalizer[label]):
            ids[k, j] = vocab[word]
    return ids


def pvp_class_distribution(mlm_logits, mask_positions, label_token_ids):
    logits = np.asarray(mlm_logits, dtype=np.float64)
    pos = np.asarray(mask_positions)
    ids = np.asarray(label_token_ids)
    at_mask = np.take_along_axis(logits, pos.reshape(-1, 1, 1), axis=1)[:, 0, :]       # (B, V)
    valid = ids >= 0                                                                      # (K, W)
    gathered = at_mask[:, np.where(valid, ids, 0)]                                        # (B, K, W)
    scores = np.sum(gathered * valid, axis=-1) / np.sum(valid, axis=-1)
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return {"scores": scores, "probs": e / e.sum(axis=-1, keepdims=True)}


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    unl = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    if weighting == "uniform":
        w = np.ones(unl.shape[0])
    else:
        w = np.mean(np.argmax(tr, axis=-1) == np.asarray(train_labels)[None, :], axis=-1)
        if np.sum(w) == 0:
            w = np.ones(unl.shape[0])
    s = np.average(unl, axis=0, weights=w)
    z = (s - s.max(axis=-1, keepdims=True)) / T
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
