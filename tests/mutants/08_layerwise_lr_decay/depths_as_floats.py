"""Filled a np.zeros(P) array with the depths and returned it: float depths instead of a list of ints."""
LOSES = ["layer_depths"]
MESSAGE = "depths are ints"


def layer_depths(names, num_layers):
    depths = np.zeros(len(names))
    for k, name in enumerate(names):
        parts = name.split(".")
        layer = [int(parts[i + 1]) for i in range(len(parts) - 1) if parts[i] == "layer" and parts[i + 1].isdigit()]
        if "embeddings" in parts or "embeddings_project" in parts:
            depths[k] = 0
        elif layer:
            depths[k] = layer[0] + 1
        elif "pooler" in parts:
            depths[k] = num_layers + 1
        else:
            depths[k] = num_layers + 2
    return depths
