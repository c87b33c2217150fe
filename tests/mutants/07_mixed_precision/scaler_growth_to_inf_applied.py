"""Applied every growth, even when the float32 scale overflows to inf."""
LOSES = ["scaler_update"]
MESSAGE = "a growth whose float32 result is inf is not applied"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(fp32_round(state["scale"] * state["backoff_factor"]))
        new["_growth_tracker"] = 0
        return new
    t = state["_growth_tracker"] + 1
    if t == state["growth_interval"]:
        new["scale"] = float(fp32_round(state["scale"] * state["growth_factor"]))
        t = 0
    new["_growth_tracker"] = t
    return new
