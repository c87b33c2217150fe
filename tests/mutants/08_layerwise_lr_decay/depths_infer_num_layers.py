"""Took L from the names (1 + the largest layer index found) instead of num_layers: with only the pooler and head
passed (frozen encoder) they land at depths 1 and 2 instead of L + 1 and L + 2."""
LOSES = ["layer_depths"]
MESSAGE = "use num_layers, not the largest layer index found in the names"


def layer_depths(names, num_layers):
    idx = []
    for n in names:
        parts = n.split(".")
        for j in range(len(parts) - 1):
            if parts[j] == "layer" and parts[j + 1].isdigit():
                idx.append(int(parts[j + 1]))
    L = max(idx) + 1 if idx else 0
    out = []
    for n in names:
        parts = n.split(".")
        d = None
        if "embeddings" in parts or "embeddings_project" in parts:
            d = 0
        else:
            for j in range(len(parts) - 1):
                if parts[j] == "layer" and parts[j + 1].isdigit():
                    d = int(parts[j + 1]) + 1
                    break
        if d is None:
            d = L + 1 if "pooler" in parts else L + 2
        out.append(d)
    return out
