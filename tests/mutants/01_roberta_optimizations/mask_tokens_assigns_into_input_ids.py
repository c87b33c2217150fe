"""Corrupted the inputs by assigning into np.asarray(input_ids), which is the caller's own int64 array."""
LOSES = ["mask_tokens"]
MESSAGE = "mask_tokens changed the `input_ids` you passed in"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    inputs = np.asarray(input_ids)
    special = np.asarray(special_tokens_mask) == 1
    selected = (np.asarray(u_select) < mlm_probability) & ~special
    labels = np.where(selected, inputs, -100)
    replaced = selected & (np.asarray(u_replace) < mask_replace_prob)
    inputs[replaced] = mask_token_id
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs.astype(np.int64), labels.astype(np.int64)
    randomised = selected & ~replaced & (np.asarray(u_random) < random_replace_prob / (1 - mask_replace_prob))
    inputs[randomised] = np.asarray(random_ids)[randomised]
    return inputs.astype(np.int64), labels.astype(np.int64)
