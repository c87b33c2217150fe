"""Computed mid = bucket_size / 2 (true division): wrong for an odd bucket_size."""
LOSES = ["relative_positions"]
MESSAGE = "mid is bucket_size / 2"


def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    r = np.arange(query_size)[:, None] - np.arange(key_size)[None, :]
    if bucket_size > 0 and max_position > 0:
        mid = bucket_size / 2
        sign = np.sign(r)
        abs_pos = np.where((r < mid) & (r > -mid), mid - 1, np.abs(r)).astype(np.float64)
        log_pos = np.ceil(np.log(abs_pos / mid) / np.log((max_position - 1) / mid) * (mid - 1)) + mid
        r = np.where(abs_pos <= mid, r, log_pos * sign)
    return r.astype(np.int64)
