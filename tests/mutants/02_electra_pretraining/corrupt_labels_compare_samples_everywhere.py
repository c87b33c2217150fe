"""Set the labels to sampled_ids != input_ids at every position, also where nothing was masked."""
LOSES = ["corrupt_inputs"]
MESSAGE = "labels compare the samples with the originals everywhere"


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids, dtype=np.int64)
    masked = np.asarray(masked_positions).astype(bool)
    samples = np.asarray(sampled_ids, dtype=np.int64)
    corrupted = np.where(masked, samples, ids)
    labels = (samples != ids).astype(np.int64)
    return corrupted, labels
