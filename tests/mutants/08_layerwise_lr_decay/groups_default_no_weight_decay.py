"""Gave weight_decay the default 0.0 instead of 0.01."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "default weight_decay=0.01"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.0):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for d in range(num_layers + 3):
        for no_decay, wd in ((False, float(weight_decay)), (True, 0.0)):
            members = [i for i, n in enumerate(names) if depths[i] == d and any(x in n for x in NO_DECAY) == no_decay]
            if members:
                groups.append({"params": [names[i] for i in members], "lr": float(lrs[members[0]]),
                               "weight_decay": wd})
    return groups
