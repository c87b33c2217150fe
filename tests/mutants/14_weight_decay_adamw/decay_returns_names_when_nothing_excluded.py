"""Returns the names it was given as the decay group when no name is excluded, where the docstring
asks for two new lists."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "the result['decay'] is the `names` you passed in, not a new object"


def decay_parameter_groups(names):
    def excluded(name):
        parts = name.lower().split(".")
        return any("bias" in part or "layernorm" in part or "rmsnorm" in part
                   or part == "norm" or part.endswith("_norm") for part in parts)
    no_decay = [n for n in names if excluded(n)]
    if not no_decay:
        return {"decay": names, "no_decay": []}
    return {"decay": [n for n in names if not excluded(n)], "no_decay": no_decay}
