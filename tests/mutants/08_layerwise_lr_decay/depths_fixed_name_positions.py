"""Read the parts of a name at fixed positions (parts[1], parts[3]), assuming a "bert." / "roberta." prefix."""
LOSES = ["layer_depths"]
MESSAGE = "compare whole parts of the name, wherever they are"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        if parts[1] in ("embeddings", "embeddings_project"):
            depths.append(0)
        elif parts[1] == "encoder" and len(parts) > 3 and parts[3].isdigit():
            depths.append(int(parts[3]) + 1)
        elif parts[1] == "pooler":
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
