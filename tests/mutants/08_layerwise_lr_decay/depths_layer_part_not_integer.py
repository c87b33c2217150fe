"""Took int() of the part after the first part "layer" without checking it is an integer: a name like 'head.layer.norm.weight' raises ValueError (it belongs to the head)."""
LOSES = ["layer_depths"]
MESSAGE = "only a part 'layer' followed by an integer part is an encoder layer"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        if "embeddings" in parts or "embeddings_project" in parts:
            depths.append(0)
        elif "layer" in parts and parts.index("layer") + 1 < len(parts):
            depths.append(int(parts[parts.index("layer") + 1]) + 1)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
