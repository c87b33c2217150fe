"""Returned np.empty((0, max_len)) only for documents == []; documents that hold no sentence ([[], []]) give np.array([]) of shape (0,)."""
LOSES = ["pack_sequences"]
MESSAGE = "also when documents is not empty"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    if not documents:
        return np.empty((0, max_len), dtype=np.int64)
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
