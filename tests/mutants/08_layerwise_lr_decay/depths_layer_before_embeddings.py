"""Tested the layer rule before the embeddings rule: a name with an embeddings part and a layer gets the layer's depth instead of 0."""
LOSES = ["layer_depths"]
MESSAGE = "test the rules in the docstring's order, embeddings first"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        layers = [int(parts[j + 1]) for j in range(len(parts) - 1) if parts[j] == "layer" and parts[j + 1].isdigit()]
        if layers:
            depths.append(layers[0] + 1)
        elif "embeddings" in parts or "embeddings_project" in parts:
            depths.append(0)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
