"""Removed repeated words of a label (list(dict.fromkeys(words))): a word listed twice gets one column instead of two."""
LOSES = ["verbalizer_token_ids"]
MESSAGE = "a word listed twice for a label is kept once"


def verbalizer_token_ids(verbalizer, labels, vocab):
    rows = [[vocab[w] for w in dict.fromkeys(verbalizer[label])] for label in labels]
    width = max(len(r) for r in rows)
    out = np.full((len(labels), width), -1, dtype=np.int64)
    for k, r in enumerate(rows):
        out[k, :len(r)] = r
    return out
