"""With an explicit float64 probability matrix P = p * (1 - M) and boolean algebra as in the notebook's formulas;
coverage as 1 - fraction never selected; packing with a pending separator flag."""


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    X = np.array(input_ids, dtype=np.int64, copy=True)
    M = np.asarray(special_tokens_mask).astype(np.float64)
    P = mlm_probability * (1.0 - M)
    sel = np.asarray(u_select, dtype=np.float64) < P
    rep = (np.asarray(u_replace, dtype=np.float64) < mask_replace_prob) & sel
    if mask_replace_prob == 1.0 or random_replace_prob == 0.0:
        rnd = np.zeros_like(sel)
    else:
        rnd = (np.asarray(u_random, dtype=np.float64) < random_replace_prob / (1.0 - mask_replace_prob)) & sel & ~rep
    corrupted = X.copy()
    corrupted[rnd] = np.asarray(random_ids)[rnd]
    corrupted[rep] = mask_token_id
    labels = np.full_like(X, -100)
    labels[sel] = X[sel]
    return corrupted, labels


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E = u.shape[0]
    D = min(int(duplication_factor), E)
    # epoch e has seen copies 0..min(e, D-1): never selected = all of them >= p
    never = np.logical_and.accumulate(u[:D] >= mlm_probability, axis=0)
    never_frac = never.reshape(D, -1).sum(axis=1) / never[0].size
    coverage = 1.0 - never_frac[np.minimum(np.arange(E), D - 1)]
    return {"coverage": coverage.astype(np.float64), "distinct_masks": D, "max_repeats": (E + D - 1) // D}


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    out_rows = []
    row = None
    for doc in documents:
        if not cross_documents and row is not None:
            out_rows.append(row)
            row = None
        pending_sep = True
        for sentence in doc:
            extra = [sep_id] if (pending_sep and row) else []
            if row is not None and len(row) + len(extra) + len(sentence) > max_len:
                out_rows.append(row)
                row, extra = None, []
            row = (row or []) + extra + list(sentence)
            pending_sep = False
    if row:
        out_rows.append(row)
    matrix = np.full((len(out_rows), max_len), pad_id, dtype=np.int64)
    for i, r in enumerate(out_rows):
        matrix[i, :len(r)] = np.asarray(r, dtype=np.int64)
    return matrix
