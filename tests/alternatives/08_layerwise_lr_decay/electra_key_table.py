"""As ELECTRA's _get_layer_lrs: a key -> depth table matched as substrings of '.' + name + '.'.

As ELECTRA's _get_layer_lrs: a table key -> depth (".embeddings.", ".embeddings_project.", ".layer.<i>." for every
i, ".pooler.") matched as substrings of "." + name + "."; rates looked up per depth from base_lr * decay ** (L + 2 -
depth) in plain Python; groups filled by one pass over the names into a dict keyed (depth, no-decay)."""


def layer_depths(names, num_layers):
    out = []
    for name in names:
        dotted = "." + name + "."
        depth = num_layers + 2
        if ".pooler." in dotted:
            depth = num_layers + 1
        parts = name.split(".")
        for j in range(len(parts) - 1):
            if parts[j] == "layer" and parts[j + 1].isdigit() and f".layer.{parts[j + 1]}." in dotted:
                depth = int(parts[j + 1]) + 1
                break
        if ".embeddings." in dotted or ".embeddings_project." in dotted:
            depth = 0
        out.append(depth)
    return out


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    table = {d: base_lr * decay ** (num_layers + 2 - d) for d in range(num_layers + 3)}
    depths = layer_depths(names, num_layers)
    return np.array([table[d] if d in table else base_lr * decay ** (num_layers + 2 - d) for d in depths],
                    dtype=np.float64).reshape(len(depths))


def optimizer_param_groups(names, base_lr, decay, num_layers, weight_decay=0.01):
    depths = layer_depths(names, num_layers)
    lrs = layerwise_learning_rates(names, base_lr, decay, num_layers)
    buckets = {}
    for name, depth, lr in zip(names, depths, lrs):
        exempt = any(nd in name for nd in NO_DECAY)
        bucket = buckets.setdefault((depth, exempt), {"params": [], "lr": float(lr),
                                                      "weight_decay": 0.0 if exempt else weight_decay})
        bucket["params"].append(name)
    return [buckets[key] for key in sorted(buckets)]
