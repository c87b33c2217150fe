"""Went through the depths with range(num_layers + 2), 0 ... L + 1: the head's depth L + 2 is left out."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "the parameters of the task head (depth num_layers + 2) are in no group"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    rates = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for d in range(num_layers + 2):
        idx = [i for i in range(len(names)) if depths[i] == d]
        if not idx:
            continue
        lr = float(rates[idx[0]])
        dec = [names[i] for i in idx if not any(nd in names[i] for nd in NO_DECAY)]
        nod = [names[i] for i in idx if any(nd in names[i] for nd in NO_DECAY)]
        if dec:
            groups.append({"params": dec, "lr": lr, "weight_decay": weight_decay})
        if nod:
            groups.append({"params": nod, "lr": lr, "weight_decay": 0.0})
    return groups
