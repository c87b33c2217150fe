"""Padded each label's word list in place with "[PAD]" markers before mapping them to ids."""
LOSES = ["verbalizer_token_ids"]
MESSAGE = "verbalizer_token_ids changed the `verbalizer` you passed in"


def verbalizer_token_ids(verbalizer, labels, vocab):
    width = max(len(verbalizer[label]) for label in labels)
    rows = []
    for label in labels:
        words = verbalizer[label]
        words.extend(["[PAD]"] * (width - len(words)))
        rows.append([vocab[w] if w != "[PAD]" else -1 for w in words])
    return np.array(rows, dtype=np.int64)
