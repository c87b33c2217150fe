"""Drew the random replacement with a fixed Bernoulli(0.5), as older transformers collators, ignoring the two probabilities."""
LOSES = ["mask_tokens"]
MESSAGE = "a fixed probability 0.5"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids).astype(np.int64)
    special = np.asarray(special_tokens_mask).astype(bool)
    sel = (np.asarray(u_select) < mlm_probability) & ~special
    labels = np.where(sel, ids, -100)
    rep = (np.asarray(u_replace) < mask_replace_prob) & sel
    inputs = np.where(rep, mask_token_id, ids)
    rnd = (np.asarray(u_random) < 0.5) & sel & ~rep
    inputs = np.where(rnd, np.asarray(random_ids), inputs)
    return inputs.astype(np.int64), labels.astype(np.int64)
