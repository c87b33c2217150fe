"""Rounded the log bucket to the nearest integer (np.round) instead of up (ceil)."""
LOSES = ["relative_positions"]
MESSAGE = "the log bucket is rounded to nearest"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    rel = np.arange(query_size)[:, None] - np.arange(key_size)[None, :]
    if bucket_size > 0 and max_position > 0:
        sign = np.sign(rel)
        mid = bucket_size // 2
        abs_pos = np.where((rel < mid) & (rel > -mid), mid - 1, np.abs(rel))
        log_pos = np.round(np.log(abs_pos / mid) / np.log((max_position - 1) / mid) * (mid - 1)) + mid
        rel = np.where(abs_pos <= mid, rel, log_pos * sign)
    return rel.astype(np.int64)
