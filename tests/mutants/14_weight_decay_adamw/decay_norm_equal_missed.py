"""Forgot the rule for a component equal to "norm": LLaMA's final model.norm.weight is decayed."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "the rule for a component EQUAL to 'norm' is missing"


def decay_parameter_groups(names):
    def excluded(name):
        for comp in name.split("."):
            c = comp.lower()
            if "bias" in c or "layernorm" in c or "rmsnorm" in c or c.endswith("_norm"):
                return True
        return False
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}
