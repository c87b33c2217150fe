r"""Finds the layer with the regex 'layers?\.(\d+)': also matches 'layers.3' and 'sublayer.1', which are not a part 'layer' followed by an integer."""
LOSES = ["layer_depths"]
MESSAGE = 'are part of the task head (depth L + 2)'


import re


def layer_depths(names, num_layers):
    out = []
    for name in names:
        parts = name.split(".")
        m = re.search(r"layers?\.(\d+)(\.|$)", name)
        if "embeddings" in parts or "embeddings_project" in parts:
            out.append(0)
        elif m:
            out.append(int(m.group(1)) + 1)
        elif "pooler" in parts:
            out.append(num_layers + 1)
        else:
            out.append(num_layers + 2)
    return out
