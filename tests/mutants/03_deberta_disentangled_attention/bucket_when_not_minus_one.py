"""Bucketed whenever neither argument is -1 (bucket_size != -1 and max_position != -1), also for 0 or other negatives."""
LOSES = ["relative_positions"]
MESSAGE = "bucket only when bucket_size > 0 AND max_position > 0 (not merely"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    rel = np.arange(query_size)[:, None] - np.arange(key_size)[None, :]
    if bucket_size != -1 and max_position != -1:
        sign = np.sign(rel)
        mid = bucket_size // 2
        with np.errstate(all="ignore"):
            abs_pos = np.where((rel < mid) & (rel > -mid), mid - 1, np.abs(rel))
            log_pos = np.ceil(np.log(abs_pos / mid) / np.log((max_position - 1) / mid) * (mid - 1)) + mid
            rel = np.where(abs_pos <= mid, rel, np.nan_to_num(log_pos * sign))
    return rel.astype(np.int64)
