"""Padded the rows on the left (ids right-aligned) instead of on the right."""
LOSES = ["verbalizer_token_ids"]
MESSAGE = "the rows are padded on the left"


def verbalizer_token_ids(verbalizer, labels, vocab):
    """The verbalizer as a padded id matrix (PET's m2c tensor).

    verbalizer: dict label (str) -> non-empty list of words (str), every word in vocab.
    labels: list of str, at least one, the label order (row k of the result is labels[k]).
    vocab: dict str -> int.
    Returns an int64 array of shape (K, W), K = len(labels), W = the largest number of words of a label in
    labels (labels of the verbalizer that are not in `labels` do not count);
    row k holds the ids of verbalizer[labels[k]] in order, padded on the right with -1.
    """
    width = max(len(verbalizer[label]) for label in labels)
    ids = np.full((len(labels), width), -1, dtype=np.int64)         # (K, W), -1 = padding
    for k, label in enumerate(labels):
        words = verbalizer[label]
        ids[k, width - len(words):] = [vocab[w] for w in words]
    return ids
