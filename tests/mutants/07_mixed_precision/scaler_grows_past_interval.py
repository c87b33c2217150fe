"""Grew when tracker + 1 >= growth_interval (a tracker already past the interval, e.g. after set_growth_interval,
grows) instead of torch's tracker + 1 == growth_interval."""
LOSES = ["scaler_update"]
MESSAGE = "never grows: torch grows only when tracker + 1 == growth_interval"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(fp32_round(state["scale"] * state["backoff_factor"]))
        new["_growth_tracker"] = 0
        return new
    t = state["_growth_tracker"] + 1
    if t >= state["growth_interval"]:
        s = float(fp32_round(state["scale"] * state["growth_factor"]))
        if np.isfinite(s):
            new["scale"] = s
        t = 0
    new["_growth_tracker"] = t
    return new
