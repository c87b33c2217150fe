"""Indexed with masked_positions directly (ids[masked] = sampled[masked]): a 0/1 integer mask selects rows 0 and 1, not positions."""
LOSES = ["corrupt_inputs"]
MESSAGE = "the 0/1 integer masked_positions was used as an index"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids, dtype=np.int64)
    masked = np.asarray(masked_positions)
    corrupted = ids.copy()
    corrupted[masked] = np.asarray(sampled_ids, dtype=np.int64)[masked]
    return corrupted, (corrupted != ids).astype(np.int64)
