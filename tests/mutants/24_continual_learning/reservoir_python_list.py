"""Ran algorithm R on a Python list and converted at the end: an empty stream gives a float64 array."""
LOSES = ["reservoir_sample"]
MESSAGE = "must return integer item indices"


def reservoir_sample(n_items, capacity, draws):
    buffer = []
    for i in range(n_items):
        if i < capacity:
            buffer.append(i)
        elif draws[i] < capacity:
            buffer[draws[i]] = i
    return np.array(buffer)
