"""Went through the depths up to max(depths): with no names at all, max() of an empty list raises."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "with no names every group is empty"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for d in range(max(depths) + 1):
        for no_decay, wd in ((False, float(weight_decay)), (True, 0.0)):
            members = [i for i, n in enumerate(names) if depths[i] == d and any(x in n for x in NO_DECAY) == no_decay]
            if members:
                groups.append({"params": [names[i] for i in members], "lr": float(lrs[members[0]]),
                               "weight_decay": wd})
    return groups
