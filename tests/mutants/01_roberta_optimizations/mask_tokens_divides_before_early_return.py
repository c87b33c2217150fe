"""Computed random_replace_prob / (1 - mask_replace_prob) before checking for mask_replace_prob == 1."""
LOSES = ["mask_tokens"]
MESSAGE = "return before computing random_replace_prob / (1 - mask_replace_prob)"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    scaled = random_replace_prob / (1 - mask_replace_prob)
    ids = np.asarray(input_ids, dtype=np.int64)
    selected = (np.asarray(u_select) < mlm_probability) & ~np.asarray(special_tokens_mask).astype(bool)
    labels = np.where(selected, ids, -100)
    replaced = (np.asarray(u_replace) < mask_replace_prob) & selected
    randomised = (np.asarray(u_random) < scaled) & selected & ~replaced
    inputs = np.where(replaced, mask_token_id, np.where(randomised, np.asarray(random_ids), ids))
    return inputs.astype(np.int64), labels.astype(np.int64)
