"""Masked row by row and stacked with np.array(list_of_rows), which has shape (0,) for an empty batch (B = 0)."""
LOSES = ["mask_tokens"]
MESSAGE = "on an empty (0, 12) batch: got (0,)"


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    out_inputs, out_labels = [], []
    for b in range(len(input_ids)):
        ids = np.asarray(input_ids[b]).astype(np.int64)
        probability = np.where(np.asarray(special_tokens_mask[b]).astype(bool), 0.0, mlm_probability)
        selected = np.asarray(u_select[b]) < probability
        labels = np.where(selected, ids, -100)
        replaced = (np.asarray(u_replace[b]) < mask_replace_prob) & selected
        inputs = np.where(replaced, mask_token_id, ids)
        if not (mask_replace_prob == 1 or random_replace_prob == 0):
            randomised = (np.asarray(u_random[b]) < random_replace_prob / (1 - mask_replace_prob)) & selected & ~replaced
            inputs = np.where(randomised, np.asarray(random_ids[b]), inputs)
        out_inputs.append(inputs)
        out_labels.append(labels)
    return np.array(out_inputs, dtype=np.int64), np.array(out_labels, dtype=np.int64)
