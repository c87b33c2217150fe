"""Sorted the names of each group alphabetically instead of keeping their order in names."""
LOSES = ['optimizer_param_groups']
MESSAGE = "the names are sorted alphabetically"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    """Parameter groups for AdamW with layer-wise learning-rate decay.

    names: list of P parameter names; base_lr, decay, num_layers as in layerwise_learning_rates;
    weight_decay: float, used for the parameters NOT matched by NO_DECAY.
    Returns a list of dicts {"params": [names], "lr": float, "weight_decay": float}:
    for depth 0, 1, ..., L + 2 in that order, first the group of names that decay (weight_decay),
    then the group of names matched by NO_DECAY (weight_decay 0.0); empty groups are left out;
    within a group, names keep their order in `names` (which may be empty: then []; it is not modified).
    Your calls of layer_depths and layerwise_learning_rates are answered by the reference implementations.
    """
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)     # (P,)
    exempt = [any(nd in name for nd in NO_DECAY) for name in names]       # substring test, as in BERT
    groups = []
    for d in range(num_layers + 3):
        at_depth = [k for k in range(len(names)) if depths[k] == d]
        for no_decay, wd in ((False, float(weight_decay)), (True, 0.0)):
            members = sorted(names[k] for k in at_depth if exempt[k] == no_decay)
            if members:
                groups.append({"params": members, "lr": float(lrs[at_depth[0]]), "weight_decay": wd})
    return groups
