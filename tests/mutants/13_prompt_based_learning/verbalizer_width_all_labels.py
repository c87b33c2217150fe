"""Took the width over every label of the verbalizer, also those not asked for in `labels`."""
LOSES = ["verbalizer_token_ids"]
MESSAGE = "the width counts the words of labels that are not in `labels`"


def verbalizer_token_ids(verbalizer, labels, vocab):
    width = max(len(words) for words in verbalizer.values())
    ids = np.full((len(labels), width), -1, dtype=np.int64)
    for k, label in enumerate(labels):
        ids[k, :len(verbalizer[label])] = [vocab[w] for w in verbalizer[label]]
    return ids
