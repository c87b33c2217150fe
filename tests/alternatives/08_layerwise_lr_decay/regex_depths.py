"""Depths by a regular expression anchored at dots; rates via exp(log); groups by sort + itertools.groupby.

Depths with a regular expression on the whole name (a "layer" part followed by an integer part, anchored at dots)
and str.split checks; rates as a power of decay computed via exp(log); groups by a stable sort on (depth, no-decay)
and itertools.groupby."""
import itertools
import re

_LAYER = re.compile(r"(?:^|\.)layer\.(\d+)(?:\.|$)")


def layer_depths(names, num_layers):
    depths = []
    for name in names:
        parts = name.split(".")
        match = _LAYER.search(name)
        if "embeddings" in parts or "embeddings_project" in parts:
            depths.append(0)
        elif match:
            depths.append(int(match.group(1)) + 1)
        elif "pooler" in parts:
            depths.append(num_layers + 1)
        else:
            depths.append(num_layers + 2)
    return depths


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    d = np.array(layer_depths(names, num_layers), dtype=np.float64)
    return base_lr * np.exp((num_layers + 2 - d) * np.log(decay))


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    keyed = [(d, any(nd in n for nd in NO_DECAY), n, lr) for n, d, lr in zip(names, depths, lrs)]
    keyed.sort(key=lambda item: (item[0], item[1]))                 # stable: names keep their order
    groups = []
    for (_, exempt), members in itertools.groupby(keyed, key=lambda item: (item[0], item[1])):
        members = list(members)
        groups.append({"params": [m[2] for m in members], "lr": float(members[0][3]),
                       "weight_decay": 0.0 if exempt else weight_decay})
    return groups
