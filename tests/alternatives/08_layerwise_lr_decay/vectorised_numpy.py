"""Vectorised over the names: depths by np.select, rates on an int exponent array, groups by np.unique.

Vectorised over the names with NumPy: the depth rule as np.select over boolean arrays; rates as base_lr * decay **
exponent on an int array; groups by np.unique of depth * 2 + no_decay and boolean masks."""


def layer_depths(names, num_layers):
    split = [n.split(".") for n in names]
    emb = np.array([("embeddings" in p) or ("embeddings_project" in p) for p in split], dtype=bool)
    pool = np.array(["pooler" in p for p in split], dtype=bool)
    layer = np.array([next((int(b) + 1 for a, b in zip(p, p[1:]) if a == "layer" and b.isdigit()), -1)
                      for p in split], dtype=np.int64)
    depth = np.select([emb, layer >= 0, pool], [0, layer, num_layers + 1], default=num_layers + 2)
    return [int(d) for d in depth]


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    exponent = num_layers + 2 - np.asarray(layer_depths(names, num_layers), dtype=np.int64)
    return base_lr * np.float64(decay) ** exponent


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    if len(names) == 0:
        return []
    depths = np.asarray(layer_depths(names, num_layers))
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    exempt = np.array([any(nd in n for nd in NO_DECAY) for n in names])
    key = depths * 2 + exempt
    groups = []
    for k in np.unique(key):
        idx = np.flatnonzero(key == k)
        groups.append({"params": [names[i] for i in idx], "lr": float(lrs[idx[0]]),
                       "weight_decay": 0.0 if k % 2 else float(weight_decay)})
    return groups
