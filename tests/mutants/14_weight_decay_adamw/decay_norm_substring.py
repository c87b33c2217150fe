"""Excluded every name that contains 'norm' anywhere (lower-cased), so 'normalizer' or 'enormous' are not decayed."""
LOSES = ["decay_parameter_groups"]
MESSAGE = "every name containing 'norm' is excluded"


def decay_parameter_groups(names):
    def excluded(n):
        return "bias" in n.lower() or "norm" in n.lower()
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}
