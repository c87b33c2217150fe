"""Ignored the weight_decay argument: the decayed groups always get 0.01 (the default)."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "the weight_decay argument is ignored"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for depth in range(num_layers + 3):
        for nd in (False, True):
            ps = [n for n, d in zip(names, depths)
                  if d == depth and any(x in n for x in NO_DECAY) == nd]
            if ps:
                lr = float(base_lr * decay ** (num_layers + 2 - depth))
                groups.append({"params": ps, "lr": lr, "weight_decay": 0.0 if nd else 0.01})
    return groups
