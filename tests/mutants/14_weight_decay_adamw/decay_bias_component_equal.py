"""Excluded a component only if it equals "bias" instead of contains it: T5's relative_attention_bias and a q_bias are decayed."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "only a component EQUAL to 'bias' is excluded"


def decay_parameter_groups(names):
    decay, no_decay = [], []
    for name in names:
        parts = name.lower().split(".")
        skip = any(p == "bias" or "layernorm" in p or "rmsnorm" in p or p == "norm" or p.endswith("_norm")
                   for p in parts)
        (no_decay if skip else decay).append(name)
    return {"decay": decay, "no_decay": no_decay}
