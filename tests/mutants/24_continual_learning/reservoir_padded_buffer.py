"""Always returned `capacity` slots, the unfilled ones -1, instead of min(n_items, capacity) slots."""
LOSES = ["reservoir_sample"]
MESSAGE = "fewer items than slots has shape (10,), expected (4,)"


def reservoir_sample(n_items, capacity, draws):
    buf = np.full(capacity, -1, dtype=np.int64)
    for i in range(n_items):
        if i < capacity:
            buf[i] = i
        elif draws[i] < capacity:
            buf[draws[i]] = i
    return buf
