"""With cross_documents=False, closed the current sequence at every document, so an empty document adds an all-padding row."""
LOSES = ["pack_sequences"]
MESSAGE = "a document with no sentences produced an all-padding row"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows, current = [], []
    for d, document in enumerate(documents):
        if not cross_documents and d > 0:
            rows.append(current)
            current = []
        for i, sentence in enumerate(document):
            piece = ([sep_id] if i == 0 and current else []) + list(sentence)
            if len(current) + len(piece) > max_len:
                rows.append(current)
                current = list(sentence)
            else:
                current = current + piece
    if current:
        rows.append(current)
    out = np.full((len(rows), max_len), pad_id, dtype=np.int64)
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out
