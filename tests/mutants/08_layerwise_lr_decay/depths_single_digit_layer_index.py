"""Read only the first digit of the part after "layer" (as a regex with one digit would): layer 10 and 11 of BERT-base get the depth of layer 1."""
LOSES = ['layer_depths']
MESSAGE = "only the first digit of the layer index was read"


def layer_depths(names, num_layers):
    """ELECTRA's depth of each parameter, counted from the input.

    names: list of P parameter names (str), possibly empty, with any prefix or none ("bert.encoder.layer.3..."
    and BertModel's own "encoder.layer.3..." alike: compare whole dot-separated parts); it is not modified.
    num_layers: L >= 0, the number of encoder layers.
    Returns a list of P Python ints: 0 for the embeddings (a name with a part "embeddings" or
    "embeddings_project", ELECTRA's projection of the embeddings), i + 1 for encoder layer i,
    L + 1 for the pooler, L + 2 for anything else (the task head). The first of these rules that applies
    counts, in this order (a name with an "embeddings" part and a layer is at depth 0; with two layers,
    the first "layer.<i>" counts).
    """
    depths = []
    for name in names:
        parts = name.split(".")                                   # compare whole parts, not substrings
        layer_at = [k for k in range(len(parts) - 1) if parts[k] == "layer" and parts[k + 1].isdigit()]
        if "embeddings" in parts or "embeddings_project" in parts:   # ELECTRA: both at depth 0
            depths.append(0)
        elif layer_at:
            depths.append(int(parts[layer_at[0] + 1][0]) + 1)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths
