"""Vectorised with draws[capacity:] < capacity without np.asarray: a list of draws raises TypeError."""
LOSES = ["reservoir_sample"]
MESSAGE = "not supported between instances of 'list' and 'int'"


def reservoir_sample(n_items, capacity, draws):
    buf = np.arange(min(n_items, capacity), dtype=np.int64)
    if n_items <= capacity:
        return buf
    items = np.arange(capacity, n_items)
    tail = draws[capacity:n_items]
    keep = tail < capacity
    for i, slot in zip(items[keep], tail[keep]):
        buf[slot] = i
    return buf
