"""Divided by log(max_position / mid) instead of log((max_position - 1) / mid): off by one in the largest distance."""
LOSES = ["relative_positions"]
MESSAGE = "divided by log(max_position / mid)"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    rel = np.arange(query_size)[:, None] - np.arange(key_size)[None, :]
    if bucket_size > 0 and max_position > 0:
        sign = np.sign(rel)
        mid = bucket_size // 2
        abs_pos = np.where((rel < mid) & (rel > -mid), mid - 1, np.abs(rel))
        log_pos = np.ceil(np.log(abs_pos / mid) / np.log(max_position / mid) * (mid - 1)) + mid
        rel = np.where(abs_pos <= mid, rel, log_pos * sign)
    return rel.astype(np.int64)
