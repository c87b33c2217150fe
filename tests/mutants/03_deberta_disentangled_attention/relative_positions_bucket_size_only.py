"""Bucketed whenever bucket_size > 0, also when max_position is -1 (transformers requires both > 0)."""
LOSES = ["relative_positions"]
MESSAGE = "bucket only when bucket_size > 0 AND max_position > 0"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    rel = np.arange(query_size)[:, None] - np.arange(key_size)[None, :]
    if bucket_size > 0:
        mid = bucket_size // 2
        abs_pos = np.where(np.abs(rel) < mid, mid - 1, np.abs(rel))
        with np.errstate(invalid="ignore"):
            log_pos = np.ceil(np.log(abs_pos / mid) / np.log((max_position - 1) / mid) * (mid - 1)) + mid
            rel = np.where(abs_pos <= mid, rel, log_pos * np.sign(rel))
    return rel.astype(np.int64)
