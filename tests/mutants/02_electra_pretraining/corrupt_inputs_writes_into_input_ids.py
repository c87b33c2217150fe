"""Replaced the masked tokens by assigning into input_ids, the caller's array (labels computed first)."""
LOSES = ["corrupt_inputs"]
MESSAGE = "corrupt_inputs changed the `input_ids` you passed in"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    masked = np.asarray(masked_positions).astype(bool)
    labels = (masked & (np.asarray(sampled_ids) != input_ids)).astype(np.int64)
    input_ids[masked] = np.asarray(sampled_ids)[masked]
    return input_ids.astype(np.int64), labels
