"""The no-decay groups get weight_decay 0 (a Python int) instead of 0.0."""
LOSES = ["optimizer_param_groups"]
MESSAGE = 'the docstring promises a float'


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    out = []
    for d in range(num_layers + 3):
        for flag in (False, True):
            ps = [n for n, dd in zip(names, depths) if dd == d and any(s in n for s in NO_DECAY) == flag]
            if ps:
                out.append({"params": ps, "lr": float(base_lr * decay ** (num_layers + 2 - d)),
                            "weight_decay": 0 if flag else weight_decay})
    return out
