"""Returns the input ids themselves when no position is masked (np.asarray of int64 ids is no copy),
where the docstring asks for new arrays."""
LOSES = ["corrupt_inputs"]
MESSAGE = "the result[0] is the `input_ids` you passed in, not a new object"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids, dtype=np.int64)
    masked = np.asarray(masked_positions).astype(bool)
    if not masked.any():
        return ids, np.zeros(ids.shape, dtype=np.int64)
    corrupted = np.where(masked, np.asarray(sampled_ids, dtype=np.int64), ids)
    return corrupted, (corrupted != ids).astype(np.int64)
