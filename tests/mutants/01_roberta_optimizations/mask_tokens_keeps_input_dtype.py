"""Returned arrays of the input's integer dtype (int32 in, int32 out) instead of the promised int64."""
LOSES = ["mask_tokens"]
MESSAGE = "the docstring promises int64"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids)
    probability = np.where(np.asarray(special_tokens_mask).astype(bool), 0.0, mlm_probability)
    selected = np.asarray(u_select) < probability
    labels = np.where(selected, ids, np.array(-100, dtype=ids.dtype))
    replaced = (np.asarray(u_replace) < mask_replace_prob) & selected
    inputs = np.where(replaced, np.array(mask_token_id, dtype=ids.dtype), ids)
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs, labels
    randomised = (np.asarray(u_random) < random_replace_prob / (1 - mask_replace_prob)) & selected & ~replaced
    return np.where(randomised, np.asarray(random_ids).astype(ids.dtype), inputs), labels
