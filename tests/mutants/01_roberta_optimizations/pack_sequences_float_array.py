"""Created the output with np.ones((K, max_len)) * pad_id, a float64 array, not the promised int64 ids."""
LOSES = ["pack_sequences"]
MESSAGE = "the docstring promises int64"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows, current = [], []
    for document in documents:
        for i, sentence in enumerate(document):
            if i == 0 and current and not cross_documents:
                rows.append(current)
                current = []
            piece = ([sep_id] if i == 0 and current else []) + list(sentence)
            if len(current) + len(piece) > max_len:
                rows.append(current)
                current = list(sentence)
            else:
                current = current + piece
    if current:
        rows.append(current)
    out = np.ones((len(rows), max_len)) * pad_id
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out
