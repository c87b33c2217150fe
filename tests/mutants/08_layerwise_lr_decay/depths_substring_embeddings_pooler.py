"""Tested "embeddings" and "pooler" as substrings of the name, not as whole dot-separated parts:
'deberta.encoder.rel_embeddings.weight' lands at depth 0 and 'classifier.pooler_gate.weight' at L + 1."""
LOSES = ["layer_depths"]
MESSAGE = "must be whole dot-separated parts of the name"


def layer_depths(names, num_layers):
    out = []
    for n in names:
        parts = n.split(".")
        if "embeddings" in n:
            out.append(0)
            continue
        d = None
        for j in range(len(parts) - 1):
            if parts[j] == "layer" and parts[j + 1].isdigit():
                d = int(parts[j + 1]) + 1
                break
        if d is None:
            d = num_layers + 1 if "pooler" in n else num_layers + 2
        out.append(d)
    return out
