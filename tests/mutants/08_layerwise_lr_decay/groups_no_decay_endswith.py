"""Matched NO_DECAY with name.endswith(x) instead of BERT's substring test x in name: T5's
relative_attention_bias.weight is decayed."""
LOSES = ["optimizer_param_groups"]
MESSAGE = "not only at its end"


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    groups = []
    for depth in range(num_layers + 3):
        for nd in (False, True):
            ps = [n for n, d in zip(names, depths)
                  if d == depth and any(n.endswith(x) for x in NO_DECAY) == nd]
            if ps:
                lr = float(base_lr * decay ** (num_layers + 2 - depth))
                groups.append({"params": ps, "lr": lr, "weight_decay": 0.0 if nd else weight_decay})
    return groups
