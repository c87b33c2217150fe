"""When a growth overflows float32, skipped it (right) but did not reset the tracker to 0."""
LOSES = ["scaler_update"]
MESSAGE = "the tracker is still reset to 0"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(fp32_round(state["scale"] * state["backoff_factor"]))
        new["_growth_tracker"] = 0
        return new
    t = state["_growth_tracker"] + 1
    if t == state["growth_interval"]:
        s = float(fp32_round(state["scale"] * state["growth_factor"]))
        if np.isfinite(s):
            new["scale"] = s
            t = 0
    new["_growth_tracker"] = t
    return new
