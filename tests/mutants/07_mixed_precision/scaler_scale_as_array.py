"""Stored the scale as the 0-d float64 array fp32_round returns instead of a Python float (json.dumps refuses it)."""
LOSES = ["scaler_update"]
MESSAGE = "a 0-d array is not a float"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = fp32_round(state["scale"] * state["backoff_factor"])
        new["_growth_tracker"] = 0
        return new
    t = state["_growth_tracker"] + 1
    if t == state["growth_interval"]:
        s = fp32_round(state["scale"] * state["growth_factor"])
        if np.isfinite(s):
            new["scale"] = s
        t = 0
    new["_growth_tracker"] = t
    return new
