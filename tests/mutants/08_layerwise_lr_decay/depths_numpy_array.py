"""Returned a NumPy int64 array instead of the promised list of Python ints."""
LOSES = ["layer_depths"]
MESSAGE = "the docstring promises a list of Python ints"


def layer_depths(names, num_layers):
    out = []
    for n in names:
        parts = n.split(".")
        d = num_layers + 2
        if "embeddings" in parts or "embeddings_project" in parts:
            d = 0
        elif "pooler" in parts:
            d = num_layers + 1
        for j in range(len(parts) - 1):
            if parts[j] == "layer" and parts[j + 1].isdigit():
                d = int(parts[j + 1]) + 1
                break
        out.append(d)
    return np.array(out, dtype=np.int64)
