"""Removed each grouped name from `remaining = names`, which is the caller's list: it ends up empty."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "optimizer_param_groups changed the `names` you passed in"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = dict(zip(names, layer_depths(names, num_layers)))
    lrs = dict(zip(names, layerwise_learning_rates(names, base_lr, decay, num_layers)))
    remaining = names
    groups = []
    for d in range(num_layers + 3):
        for no_decay, wd in ((False, float(weight_decay)), (True, 0.0)):
            members = [n for n in remaining if depths[n] == d and any(x in n for x in NO_DECAY) == no_decay]
            for n in members:
                remaining.remove(n)
            if members:
                groups.append({"params": members, "lr": float(lrs[members[0]]), "weight_decay": wd})
    return groups
