"""Appended a new document's first sentence without its separator when it fits only without it."""
import numpy as np
LOSES = ["pack_sequences"]
MESSAGE = "was appended without it"

def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    seqs, cur = [], []
    for doc in documents:
        for j, s in enumerate(doc):
            if j == 0 and cur and not cross_documents:
                seqs.append(cur); cur = []
            if j == 0 and cur and len(cur) + 1 + len(s) <= max_len:
                cur = cur + [sep_id] + list(s)
            elif len(cur) + len(s) <= max_len:
                cur = cur + list(s)
            else:
                seqs.append(cur); cur = list(s)
    if cur:
        seqs.append(cur)
    out = np.full((len(seqs), max_len), pad_id, dtype=np.int64)
    for i, q in enumerate(seqs):
        out[i, :len(q)] = q
    return out
