"""Rates from a table built by np.cumprod (repeated multiplication, not a power); groups by nested loops.

Rates by repeated multiplication: a table of base_lr * decay * decay * ... built from the head down with np.cumprod,
instead of a power; groups by two nested loops over depth 0..L+2 and (decay, no-decay), skipping empty ones."""


def layer_depths(names, num_layers):
    def depth(name):
        parts = name.split(".")
        if {"embeddings", "embeddings_project"} & set(parts):
            return 0
        for i, part in enumerate(parts[:-1]):
            if part == "layer":
                try:
                    return int(parts[i + 1]) + 1
                except ValueError:
                    pass
        return num_layers + 1 if "pooler" in parts else num_layers + 2
    return list(map(depth, names))


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    depths = np.asarray(layer_depths(names, num_layers), dtype=np.int64)
    top = num_layers + 2
    levels = int(top - depths.min()) + 1 if depths.size else 1
    table = base_lr * np.cumprod(np.r_[1.0, np.full(levels - 1, float(decay))])   # table[j] = base_lr * decay**j
    return table[top - depths].astype(np.float64)


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for d in range(num_layers + 3):
        for exempt in (False, True):
            members = [i for i, name in enumerate(names)
                       if depths[i] == d and any(nd in name for nd in NO_DECAY) == exempt]
            if members:
                groups.append({"params": [names[i] for i in members], "lr": float(lrs[members[0]]),
                               "weight_decay": 0.0 if exempt else weight_decay})
    return groups
