"""Tested the pooler rule before the layer rule: a name with a layer and a pooler part gets L + 1 instead of the layer's depth."""
LOSES = ["layer_depths"]
MESSAGE = "test the layer rule before the pooler rule"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        layers = [int(parts[j + 1]) for j in range(len(parts) - 1) if parts[j] == "layer" and parts[j + 1].isdigit()]
        if "embeddings" in parts or "embeddings_project" in parts:
            depths.append(0)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        elif layers:
            depths.append(layers[0] + 1)
        else:
            depths.append(num_layers + 2)
    return depths
