"""Hard-coded the selection probability 0.15: the mlm_probability argument is ignored."""
LOSES = ["mask_tokens"]
MESSAGE = "whatever mlm_probability is"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids).astype(np.int64)
    special = np.asarray(special_tokens_mask).astype(bool)
    sel = (np.asarray(u_select) < 0.15) & ~special
    labels = np.where(sel, ids, -100)
    rep = (np.asarray(u_replace) < mask_replace_prob) & sel
    inputs = np.where(rep, mask_token_id, ids)
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs, labels
    rnd = (np.asarray(u_random) < random_replace_prob / (1 - mask_replace_prob)) & sel & ~rep
    inputs = np.where(rnd, np.asarray(random_ids), inputs)
    return inputs.astype(np.int64), labels.astype(np.int64)
