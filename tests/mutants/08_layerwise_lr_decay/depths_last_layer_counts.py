"""With two layer.<i> parts in a name, took the last one (a loop that overwrites) instead of the first."""
LOSES = ["layer_depths"]
MESSAGE = "the FIRST one counts, not the last"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        layers = [int(parts[j + 1]) for j in range(len(parts) - 1) if parts[j] == "layer" and parts[j + 1].isdigit()]
        if "embeddings" in parts or "embeddings_project" in parts:
            depths.append(0)
        elif layers:
            depths.append(layers[-1] + 1)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
