"""Started a new sequence with `current = sentence` and then extended it: the caller's sentence list grows."""
LOSES = ["pack_sequences"]
MESSAGE = "pack_sequences changed the `documents` you passed in"


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows, current = [], []
    for document in documents:
        for i, sentence in enumerate(document):
            if i == 0 and current and not cross_documents:
                rows.append(current)
                current = []
            extra = 1 if i == 0 and current else 0
            if len(current) + extra + len(sentence) > max_len:
                rows.append(current)
                current = sentence
            else:
                if extra:
                    current.append(sep_id)
                current.extend(sentence)
    if current:
        rows.append(current)
    out = np.full((len(rows), max_len), pad_id, dtype=np.int64)
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out
