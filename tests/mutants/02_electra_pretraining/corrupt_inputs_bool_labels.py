"""Returned the labels as the bool array of the comparison instead of the promised int64 0/1."""
LOSES = ["corrupt_inputs"]
MESSAGE = "labels of corrupt_inputs has dtype bool"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids, dtype=np.int64)
    corrupted = np.where(np.asarray(masked_positions).astype(bool), np.asarray(sampled_ids, dtype=np.int64), ids)
    return corrupted, corrupted != ids
