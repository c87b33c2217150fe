"""Put a separator for every document boundary crossed, so an empty document between two others adds a second separator."""
LOSES = ["pack_sequences"]
MESSAGE = "also for documents with no sentences"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows, current, pending = [], [], 0
    for d, document in enumerate(documents):
        if d > 0:
            pending += 1
        for i, sentence in enumerate(document):
            if i == 0 and current and not cross_documents:
                rows.append(current)
                current = []
            piece = ([sep_id] * pending if i == 0 and current else []) + list(sentence)
            pending = 0
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
