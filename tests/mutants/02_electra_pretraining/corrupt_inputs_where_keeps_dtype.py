"""Built corrupted_ids with np.where(masked, sampled_ids, input_ids) and no conversion: int32 inputs give int32, not int64."""
LOSES = ["corrupt_inputs"]
MESSAGE = "corrupted_ids of corrupt_inputs has dtype int32"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    corrupted = np.where(np.asarray(masked_positions).astype(bool), sampled_ids, input_ids)
    return corrupted, (corrupted != np.asarray(input_ids)).astype(np.int64)
