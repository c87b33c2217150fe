"""Built R from np.arange(query_size) on both axes: right only when query_size == key_size."""
LOSES = ["relative_positions"]
MESSAGE = "has shape (3, 3), expected (3, 9)"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    ids = np.arange(query_size)
    rel = ids[:, None] - ids[None, :]
    if bucket_size > 0 and max_position > 0:
        sign = np.sign(rel)
        mid = bucket_size // 2
        abs_pos = np.where((rel < mid) & (rel > -mid), mid - 1, np.abs(rel))
        log_pos = np.ceil(np.log(abs_pos / mid) / np.log((max_position - 1) / mid) * (mid - 1)) + mid
        rel = np.where(abs_pos <= mid, rel, log_pos * sign)
    return rel.astype(np.int64)
