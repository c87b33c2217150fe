"""Built the result with np.array of the padded rows, which has shape (0,) for an empty corpus."""
LOSES = ["pack_sequences"]
MESSAGE = "an empty corpus gives an array of shape (0, max_len)"


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
    return np.array([row + [pad_id] * (max_len - len(row)) for row in rows], dtype=np.int64)
