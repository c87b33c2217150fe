"""Computed the log buckets in float32 (abs_pos.astype(np.float32), np.log(np.float32(...))), as torch does by default; the docstring asks for float64 (differs at distance 21 with bucket_size=6, max_position=148)."""
import numpy as np
LOSES = ["relative_positions"]
MESSAGE = "compute the logarithms in float64"

def relative_positions(query_size, key_size, bucket_size=-1, max_position=-1):
    R = (np.arange(query_size)[:, None] - np.arange(key_size)[None, :]).astype(np.int64)
    if not (bucket_size > 0 and max_position > 0):
        return R
    mid = bucket_size // 2
    sign = np.sign(R)
    absr = np.where((R < mid) & (R > -mid), mid - 1, np.abs(R)).astype(np.float32)
    log_pos = np.ceil(np.log(absr / mid) / np.log(np.float32((max_position - 1) / mid)) * (mid - 1)) + mid
    return np.where(np.abs(R) <= mid, R, log_pos * sign).astype(np.int64)
