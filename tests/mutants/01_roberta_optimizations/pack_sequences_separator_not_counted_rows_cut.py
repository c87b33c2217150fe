"""Checked the fit without the separator (len(current) + len(sentence) <= max_len), then cut the rows that grew past max_len."""
import numpy as np
LOSES = ["pack_sequences"]
MESSAGE = "your rows that grew longer were cut to max_len"

def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    seqs, cur = [], []
    for doc in documents:
        first = True
        for s in doc:
            if first and not cross_documents and cur:
                seqs.append(cur); cur = []
            need_sep = first and cross_documents and len(cur) > 0
            if len(cur) + len(s) <= max_len:
                cur = cur + ([sep_id] if need_sep else []) + list(s)
            else:
                seqs.append(cur); cur = list(s)
            first = False
    if cur:
        seqs.append(cur)
    out = np.full((len(seqs), max_len), pad_id, dtype=np.int64)
    for i, q in enumerate(seqs):
        q = q[:max_len]
        out[i, :len(q)] = q
    return out
