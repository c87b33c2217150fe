"""Used BERT's pad_id=0 as the default instead of RoBERTa's 1 from the docstring."""
LOSES = ["pack_sequences"]
MESSAGE = "with the default max_len=512, sep_id=2, pad_id=1"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=0, cross_documents=True):
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
    out = np.full((len(rows), max_len), pad_id, dtype=np.int64)
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out
