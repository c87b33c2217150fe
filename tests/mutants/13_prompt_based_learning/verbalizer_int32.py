"""Built the id matrix as int32 (to save memory), not the int64 the docstring promises."""
LOSES = ["verbalizer_token_ids"]
MESSAGE = "the docstring promises an int64 array"


def verbalizer_token_ids(verbalizer, labels, vocab):
    width = max(len(verbalizer[label]) for label in labels)
    ids = -np.ones((len(labels), width), dtype=np.int32)
    for k, label in enumerate(labels):
        ids[k, :len(verbalizer[label])] = [vocab[w] for w in verbalizer[label]]
    return ids
