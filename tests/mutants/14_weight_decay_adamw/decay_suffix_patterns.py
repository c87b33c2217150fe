"""Matched biases and norms by their usual spelling inside a full name ('.bias' at the end, '.LayerNorm.')."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "names are matched with their usual prefix or suffix"


def decay_parameter_groups(names):
    def excluded(n):
        return n.endswith(".bias") or ".LayerNorm." in n or "layer_norm" in n or "norm." in n.lower()
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}
