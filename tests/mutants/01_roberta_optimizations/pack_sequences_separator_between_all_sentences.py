"""Put sep_id before every sentence that joins a non-empty sequence, not only before a new
document's first sentence."""
LOSES = ["pack_sequences"]
MESSAGE = "a separator was put between sentences of the same document"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows, current = [], []
    for document in documents:
        first = True
        for sentence in document:
            sentence = [int(t) for t in sentence]
            if first and current and not cross_documents:
                rows.append(current)
                current = []
            piece = ([sep_id] if current else []) + sentence
            if len(current) + len(piece) > max_len:
                rows.append(current)
                current = sentence
            else:
                current = current + piece
            first = False
    if current:
        rows.append(current)
    out = np.full((len(rows), max_len), pad_id, dtype=np.int64)
    for i, row in enumerate(rows):
        out[i, :len(row)] = row
    return out
