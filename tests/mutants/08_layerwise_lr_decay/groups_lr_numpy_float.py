"""Took each group's lr from the rates array (rates[i], a numpy.float64) instead of a Python float."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "must be a Python float"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    rates = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for d in range(num_layers + 3):
        idx = [i for i in range(len(names)) if depths[i] == d]
        if not idx:
            continue
        lr = rates[idx[0]]
        dec = [names[i] for i in idx if not any(nd in names[i] for nd in NO_DECAY)]
        nod = [names[i] for i in idx if any(nd in names[i] for nd in NO_DECAY)]
        if dec:
            groups.append({"params": dec, "lr": lr, "weight_decay": weight_decay})
        if nod:
            groups.append({"params": nod, "lr": lr, "weight_decay": 0.0})
    return groups
