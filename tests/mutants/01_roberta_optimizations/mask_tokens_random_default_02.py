"""Used random_replace_prob=0.2 as the default (the 20% not masked) instead of the docstring's 0.1."""
LOSES = ["mask_tokens"]
MESSAGE = "must use the docstring's default random_replace_prob=0.1"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.2):
    ids = np.asarray(input_ids).astype(np.int64)
    probability = np.where(np.asarray(special_tokens_mask).astype(bool), 0.0, mlm_probability)
    selected = np.asarray(u_select) < probability
    labels = np.where(selected, ids, -100).astype(np.int64)
    replaced = (np.asarray(u_replace) < mask_replace_prob) & selected
    inputs = np.where(replaced, mask_token_id, ids).astype(np.int64)
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs, labels
    randomised = (np.asarray(u_random) < random_replace_prob / (1 - mask_replace_prob)) & selected & ~replaced
    return np.where(randomised, random_ids, inputs).astype(np.int64), labels
