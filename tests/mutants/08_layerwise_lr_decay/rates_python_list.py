"""Returned a Python list of learning rates instead of the promised float64 array."""
LOSES = ["layerwise_learning_rates"]
MESSAGE = "the docstring promises a float64 array of shape (P,)"


def layerwise_learning_rates(names, base_lr, decay, num_layers):
    return [base_lr * decay ** (num_layers + 2 - d) for d in layer_depths(names, num_layers)]
