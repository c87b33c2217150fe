"""Removed the excluded names from `names` and returned what was left as the decay group."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "decay_parameter_groups changed the `names` you passed in"


def decay_parameter_groups(names):
    def excluded(name):
        parts = name.lower().split(".")
        return any("bias" in p or "layernorm" in p or "rmsnorm" in p or p == "norm" or p.endswith("_norm")
                   for p in parts)
    no_decay = [n for n in names if excluded(n)]
    for n in no_decay:
        names.remove(n)
    return {"decay": names, "no_decay": no_decay}
