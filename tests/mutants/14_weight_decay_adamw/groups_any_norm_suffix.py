"""Excluded every component that ends in "norm" (batchnorm, groupnorm, prenorm) instead of the ones that equal
"norm", end with "_norm" or contain "layernorm"/"rmsnorm"."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "every component ending in 'norm' is excluded"


def decay_parameter_groups(names):
    def excluded(name):
        return any("bias" in part or part.endswith("norm") or part.endswith("_norm")
                   for part in name.lower().split("."))
    return {"decay": [n for n in names if not excluded(n)],
            "no_decay": [n for n in names if excluded(n)]}
