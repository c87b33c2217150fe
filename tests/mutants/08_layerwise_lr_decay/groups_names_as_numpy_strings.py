"""Selected each group's names with a boolean mask on np.array(names): the params lists hold numpy.str_ values, not the str names."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "['params'][0]: arrays must be numeric or bool, got dtype <U"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    rates = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    arr = np.array(names)
    d = np.asarray(depths)
    nd_mask = np.array([any(nd in n for nd in NO_DECAY) for n in names], dtype=bool)
    for depth in range(num_layers + 3):
        for mask, wd in ((~nd_mask, weight_decay), (nd_mask, 0.0)):
            sel = (d == depth) & mask
            if sel.any():
                groups.append({"params": list(arr[sel]), "lr": float(rates[sel][0]), "weight_decay": wd})
    return groups
