"""Decided the random replacement with the same uniform as the <mask> replacement
(u_replace in [0.8, 0.9)), ignoring u_random."""
LOSES = ["mask_tokens"]
MESSAGE = "the random replacement was decided with u_replace"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    ids = np.asarray(input_ids, dtype=np.int64)
    probability = np.where(np.asarray(special_tokens_mask).astype(bool), 0.0, mlm_probability)
    selected = np.asarray(u_select) < probability
    labels = np.where(selected, ids, -100)
    u = np.asarray(u_replace)
    replaced = (u < mask_replace_prob) & selected
    inputs = np.where(replaced, mask_token_id, ids)
    randomised = (u >= mask_replace_prob) & (u < mask_replace_prob + random_replace_prob) & selected
    inputs = np.where(randomised, np.asarray(random_ids, dtype=np.int64), inputs)
    return inputs.astype(np.int64), labels.astype(np.int64)
