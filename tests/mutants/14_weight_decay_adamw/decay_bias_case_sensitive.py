"""Looked for "bias" without lower-casing the component, so a "Bias" or "q_Bias" component is decayed."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "'bias' is matched case-sensitively"


def decay_parameter_groups(names):
    def excluded(name):
        for comp in name.split("."):
            c = comp.lower()
            if "bias" in comp or "layernorm" in c or "rmsnorm" in c or c == "norm" or c.endswith("_norm"):
                return True
        return False
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}
