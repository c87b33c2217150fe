"""Returns the input ids themselves when no token is selected (np.asarray of int64 ids is no copy),
where the docstring asks for new arrays."""
LOSES = ["mask_tokens"]
MESSAGE = "the result[0] is the `input_ids` you passed in, not a new object"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids, dtype=np.int64)
    special = np.asarray(special_tokens_mask).astype(bool)
    probability = np.where(special, 0.0, mlm_probability)
    selected = np.asarray(u_select) < probability
    labels = np.where(selected, ids, -100).astype(np.int64)
    if not selected.any():
        return ids, labels
    replaced = (np.asarray(u_replace) < mask_replace_prob) & selected
    inputs = np.where(replaced, mask_token_id, ids)
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs.astype(np.int64), labels
    scaled = random_replace_prob / (1 - mask_replace_prob)
    randomised = (np.asarray(u_random) < scaled) & selected & ~replaced
    inputs = np.where(randomised, np.asarray(random_ids, dtype=np.int64), inputs)
    return inputs.astype(np.int64), labels
