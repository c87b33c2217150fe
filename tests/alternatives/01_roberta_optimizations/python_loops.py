"""Position by position: Python loops over every (b, s) for masking and over every token for coverage; packing with
explicit length counters."""


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids)
    B, S = ids.shape
    inputs = np.zeros((B, S), dtype=np.int64)
    labels = np.full((B, S), -100, dtype=np.int64)
    for b in range(B):
        for s in range(S):
            original = int(ids[b, s])
            inputs[b, s] = original
            p = 0.0 if special_tokens_mask[b, s] else mlm_probability
            if not u_select[b, s] < p:
                continue
            labels[b, s] = original
            if u_replace[b, s] < mask_replace_prob:
                inputs[b, s] = int(mask_token_id)
            elif mask_replace_prob < 1 and random_replace_prob > 0 and \
                    u_random[b, s] < random_replace_prob / (1 - mask_replace_prob):
                inputs[b, s] = int(random_ids[b, s])
    return inputs, labels


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    E, N, L = np.shape(u_select)
    seen = [[False] * L for _ in range(N)]
    count = 0
    coverage = []
    for e in range(E):
        copy = u_select[e % duplication_factor]
        for n in range(N):
            for t in range(L):
                if not seen[n][t] and copy[n][t] < mlm_probability:
                    seen[n][t] = True
                    count += 1
        coverage.append(count / (N * L))
    shown = [0] * min(E, duplication_factor)
    for e in range(E):
        shown[e % duplication_factor] += 1
    return {"coverage": np.array(coverage, dtype=np.float64), "distinct_masks": len(shown),
            "max_repeats": max(shown)}


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    rows = []
    current = []
    for document in documents:
        if not cross_documents and current:
            rows.append(current)
            current = []
        new_document = True
        for sentence in document:
            need_sep = new_document and len(current) > 0
            length = len(current) + int(need_sep) + len(sentence)
            if length <= max_len:
                if need_sep:
                    current.append(sep_id)
                current.extend(int(t) for t in sentence)
            else:
                rows.append(current)
                current = [int(t) for t in sentence]
            new_document = False
    if current:
        rows.append(current)
    result = np.empty((len(rows), max_len), dtype=np.int64)
    for i, row in enumerate(rows):
        result[i] = row + [pad_id] * (max_len - len(row))
    return result
