"""Forgot the "rmsnorm" rule: an RMSNorm component (LLaMA's "RMSNorm", T5's "T5RMSNorm") is decayed."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "the 'rmsnorm' rule is missing"


def decay_parameter_groups(names):
    def excluded(name):
        for comp in name.split("."):
            c = comp.lower()
            if "bias" in c or "layernorm" in c or c == "norm" or c.endswith("_norm"):
                return True
        return False
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}
