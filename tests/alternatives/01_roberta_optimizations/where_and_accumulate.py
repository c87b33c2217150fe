"""Vectorised differently: np.select for the three outcomes, logical_or.accumulate over the epoch axis of the shown
copies, np.bincount for the repeats; packing keeps each sequence as a list of array pieces joined with
np.concatenate."""


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids).astype(np.int64)
    special = np.asarray(special_tokens_mask) != 0
    selected = np.logical_and(np.asarray(u_select) < mlm_probability, np.logical_not(special))
    to_mask = selected & (np.asarray(u_replace) < mask_replace_prob)
    if mask_replace_prob >= 1 or random_replace_prob <= 0:
        to_random = np.zeros_like(selected)
    else:
        to_random = selected & ~to_mask & (np.asarray(u_random) < random_replace_prob / (1.0 - mask_replace_prob))
    inputs = np.select([to_mask, to_random], [np.int64(mask_token_id), np.asarray(random_ids).astype(np.int64)],
                       default=ids).astype(np.int64)
    labels = np.where(selected, ids, np.int64(-100)).astype(np.int64)
    return inputs, labels


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    E = u.shape[0]
    shown = np.arange(E) % duplication_factor
    hits = u[shown] < mlm_probability                       # (E, N, L): the mask shown in epoch e
    ever = np.logical_or.accumulate(hits, axis=0)
    coverage = ever.reshape(E, -1).mean(axis=1, dtype=np.float64)
    counts = np.bincount(shown)
    return {"coverage": coverage, "distinct_masks": int(np.count_nonzero(counts)),
            "max_repeats": int(counts.max())}


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    sequences = []
    start_new = True
    current_len = 0
    for document in documents:
        if not cross_documents:
            start_new = True
        for index, sentence in enumerate(document):
            sep = 1 if (index == 0 and not start_new and current_len > 0) else 0
            if not start_new and current_len + sep + len(sentence) <= max_len:
                sequences[-1].append(np.array([sep_id] * sep + list(sentence), dtype=np.int64))
                current_len += sep + len(sentence)
            else:
                sequences.append([np.array(sentence, dtype=np.int64)])
                current_len = len(sentence)
            start_new = False
    out = np.full((len(sequences), max_len), pad_id, dtype=np.int64)
    for row, parts in enumerate(sequences):
        flat = np.concatenate(parts)
        out[row, :flat.size] = flat
    return out
