"""Took the head depth as max(depths) instead of num_layers + 2: without the head (or the pooler) among the names every rate is too large."""
LOSES = ["layerwise_learning_rates"]
MESSAGE = "not max(depths) - depth"


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    depths = np.asarray(layer_depths(names, num_layers), dtype=np.int64)
    top = depths.max() if depths.size else num_layers + 2
    return base_lr * decay ** (top - depths).astype(np.float64)
