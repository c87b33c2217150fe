"""Recognised the embeddings only by a part named "embeddings", so ELECTRA's embeddings_project (the projection of
the embeddings to the hidden size) fell through to the task head's depth L + 2 instead of depth 0."""
LOSES = ["layer_depths"]
MESSAGE = "is at depth 0 with the embeddings, as '/embeddings_project/' in ELECTRA's _get_layer_lrs"


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        layer_at = [k for k in range(len(parts) - 1) if parts[k] == "layer" and parts[k + 1].isdigit()]
        if "embeddings" in parts:
            depths.append(0)
        elif layer_at:
            depths.append(int(parts[layer_at[0] + 1]) + 1)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
