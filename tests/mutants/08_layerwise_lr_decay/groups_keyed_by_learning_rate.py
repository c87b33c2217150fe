"""Groups by (learning rate, no-decay) instead of (depth, no-decay): with decay = 1 every depth merges into two groups."""
LOSES = ["optimizer_param_groups"]
MESSAGE = 'group the names by depth, not by learning rate'


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = {}
    for name, d, lr in zip(names, depths, lrs):
        nd = any(s in name for s in NO_DECAY)
        groups.setdefault((float(lr), nd), []).append((d, name))
    out = []
    for (lr, nd), items in sorted(groups.items(), key=lambda kv: (min(d for d, _ in kv[1]), kv[0][1])):
        out.append({"params": [n for _, n in items], "lr": lr, "weight_decay": 0.0 if nd else weight_decay})
    return out
