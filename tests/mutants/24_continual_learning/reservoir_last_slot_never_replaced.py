"""Replaced only when draws[i] < capacity - 1 (off by one): a draw of capacity - 1 never replaces the last slot."""
LOSES = ['reservoir_sample']
MESSAGE = "never replaced the last slot"

import numpy as np


def reservoir_sample(n_items, capacity, draws):
    draws = np.asarray(draws, dtype=np.int64)
    buffer = np.arange(min(n_items, capacity))
    for i in range(capacity, n_items):
        if draws[i] < capacity - 1:
            buffer[draws[i]] = i
    return buffer
